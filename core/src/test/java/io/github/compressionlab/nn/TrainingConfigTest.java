package io.github.compressionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

  @Test
  void everyBadValue_isRejectedSayingWhatAndHow() {
    var epochs =
        assertThrows(
            IllegalArgumentException.class, () -> TrainingConfig.builder().epochs(0).build());
    assertTrue(epochs.getMessage().contains(".epochs(n) with n >= 1"), epochs.getMessage());
    var batch =
        assertThrows(
            IllegalArgumentException.class, () -> TrainingConfig.builder().batchSize(-1).build());
    assertTrue(batch.getMessage().contains(".batchSize(128)"), batch.getMessage());
    var optimizer =
        assertThrows(
            IllegalArgumentException.class, () -> TrainingConfig.builder().optimizer(null).build());
    assertTrue(optimizer.getMessage().contains(".learningRate(lr)"), optimizer.getMessage());
    // a learning rate is checked where it is set
    assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().learningRate(0));
    assertThrows(
        IllegalArgumentException.class, () -> TrainingConfig.builder().listener(null).build());
  }

  @Test
  void isImmutable_andCopiesWithOneChange() {
    TrainingListener l = new TrainingListener() {};
    TrainingConfig c = TrainingConfig.builder().epochs(3).seed(7).listener(l).build();
    assertThrows(UnsupportedOperationException.class, () -> c.listeners().add(l));
    TrainingConfig more = c.withEpochs(5);
    assertEquals(3, c.epochs());
    assertEquals(5, more.epochs());
    assertEquals(7, more.seed());
    assertEquals(List.of(l), more.listeners());
    assertEquals(2, c.withListener(l).listeners().size());
  }

  @Test
  void eachFit_trainsWithAFreshCopyOfTheOptimizer() {
    Adam adam = new Adam(1e-3);
    TrainingConfig c = TrainingConfig.builder().optimizer(adam).build();
    Optimizer[] seen = new Optimizer[1];
    TrainingListener spy =
        new TrainingListener() {
          @Override
          public void onFitStart(TrainingContext ctx) {
            seen[0] = ctx.optimizer();
          }
        };
    Sequential m = Sequential.builder(1, 2, 2).seed(1).flatten().dense("fc", 2).build();
    new Trainer(m, c.withListener(spy)).fit(TestData.blobs(8, 2, 2, 1));
    assertNotSame(adam, seen[0]);
    assertEquals(1e-3, seen[0].learningRate());
  }
}
