package io.github.compressionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.data.FashionMnist;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ReferenceModelsTest {

  @Test
  void lenet300100_hasTheClassicSizes() {
    Sequential m = ReferenceModels.lenet300100(1);
    // (784·300 + 300) + (300·100 + 100) + (100·10 + 10) = 266,610
    assertEquals(266_610, m.paramCount());
    assertArrayEquals(new long[] {10}, m.outputShape());
  }

  @Test
  void smallCnn_shrinks28To5BeforeTheDenseLayers() {
    Sequential m = ReferenceModels.smallCnn(1);
    // 28 → conv 26 → pool 13 → conv 11 → pool 5 ; 32·5·5 = 800 features into fc1
    assertEquals(800, ((Dense) m.layer("fc1")).in());
    // conv1 16·9 + 16, conv2 32·16·9 + 32, fc1 800·128 + 128, fc2 128·10 + 10
    assertEquals(160 + 4_640 + 102_528 + 1_290, m.paramCount());
  }

  @Test
  @Tag("slow")
  void lenet_oneEpochOnFashionMnist_passes80PercentTestAccuracy() {
    Sequential m = ReferenceModels.lenet300100(42);
    new Trainer(m, TrainingConfig.builder().optimizer(new Adam(1e-3)).epochs(1).seed(1).build())
        .fit(FashionMnist.train());
    double acc = Evaluation.of(m, FashionMnist.test()).accuracy();
    assertTrue(acc > 0.80, "test accuracy " + acc);
  }

  @Test
  @Tag("slow")
  void smallCnn_oneEpochOn20kImages_passes80PercentTestAccuracy() {
    Dataset train = FashionMnist.train().subset(0, 20_000);
    Sequential m = ReferenceModels.smallCnn(42);
    new Trainer(m, TrainingConfig.builder().optimizer(new Adam(1e-3)).epochs(1).seed(1).build())
        .fit(train);
    double acc = Evaluation.of(m, FashionMnist.test()).accuracy();
    assertTrue(acc > 0.80, "test accuracy " + acc);
  }
}
