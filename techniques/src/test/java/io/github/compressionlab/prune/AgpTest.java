package io.github.compressionlab.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.Adam;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgpTest {
  // s_i = 0, s_f = 0.8, t0 = 0, end = 100, Δt = 10:  s_t = 0.8 − 0.8·(1 − t/100)³
  private final Agp.Schedule schedule = Agp.Schedule.to(0.8).steps(0, 100).every(10);

  @Test
  void schedule_matchesTheCubicFormulaAtKnownSteps() {
    assertEquals(0.0, schedule.sparsityAt(0), 1e-12); // 0.8 − 0.8·1³
    // t = 20: 0.8 − 0.8·0.8³ = 0.8 − 0.4096 = 0.3904
    assertEquals(0.3904, schedule.sparsityAt(20), 1e-12);
    // t = 50: 0.8 − 0.8·0.5³ = 0.8 − 0.1 = 0.7
    assertEquals(0.7, schedule.sparsityAt(50), 1e-12);
    // t = 55 is between pruning steps: the value of t = 50 holds
    assertEquals(0.7, schedule.sparsityAt(55), 1e-12);
    // t = 90: 0.8 − 0.8·0.1³ = 0.7992
    assertEquals(0.7992, schedule.sparsityAt(90), 1e-12);
    assertEquals(0.8, schedule.sparsityAt(100), 1e-12);
    assertEquals(0.8, schedule.sparsityAt(5000), 1e-12);
  }

  @Test
  void schedule_isZeroBeforeStart_andStartsFromInitialSparsity() {
    Agp.Schedule s = Agp.Schedule.to(0.9).from(0.5).steps(10, 30).every(10);
    assertEquals(0.0, s.sparsityAt(9));
    assertEquals(0.5, s.sparsityAt(10), 1e-12); // 0.9 + (0.5 − 0.9)·1³
    // t = 20: progress 0.5 → 0.9 − 0.4·0.125 = 0.85
    assertEquals(0.85, s.sparsityAt(20), 1e-12);
    assertTrue(s.isPruningStep(10) && s.isPruningStep(20) && s.isPruningStep(30));
    assertFalse(s.isPruningStep(15) || s.isPruningStep(40) || s.isPruningStep(0));
  }

  @Test
  void schedule_rejectsBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> Agp.Schedule.to(1.0));
    assertThrows(IllegalArgumentException.class, () -> Agp.Schedule.to(0.5).from(0.7));
    assertThrows(IllegalArgumentException.class, () -> Agp.Schedule.to(0.5).steps(10, 5));
    assertThrows(IllegalArgumentException.class, () -> Agp.Schedule.to(0.5).every(0));
  }

  @Test
  void listener_reachesTheFinalSparsity_andKeepsPrunedWeightsZero() {
    Sequential m = PruneFixtures.mlp(5);
    Dataset data = PruneFixtures.bands(64, new long[] {1, 4, 4}, 3);
    // 64 examples / batch 16 = 4 batches per epoch, 3 epochs = 12 steps; prune at 0, 3, 6 and 8
    Agp agp = new Agp(MagnitudePruner.global(), Agp.Schedule.to(0.75).steps(0, 8).every(3));
    new Trainer(
            m,
            TrainingConfig.builder()
                .optimizer(new Adam(1e-2))
                .epochs(3)
                .batchSize(16)
                .seed(1)
                .listener(agp)
                .build())
        .fit(data);
    assertEquals(12, agp.step());
    List<Agp.Event> events = agp.events();
    assertEquals(List.of(0L, 3L, 6L, 8L), events.stream().map(Agp.Event::step).toList());
    assertEquals(0.75, agp.mask().sparsity(), 0.005);
    for (String name : agp.mask().names()) {
      assertEquals(
          0.0,
          m.parameter(name).value().mul(agp.mask().get(name).rsub(1)).norm1Number().doubleValue());
    }
  }

  @Test
  void iterativePruning_raisesSparsityRoundByRound() {
    Sequential m = PruneFixtures.mlp(5);
    Dataset data = PruneFixtures.bands(64, new long[] {1, 4, 4}, 3);
    List<IterativePruning.Round> rounds =
        IterativePruning.run(
            m,
            MagnitudePruner.global(),
            List.of(0.3, 0.6),
            (model, masker) ->
                new Trainer(model, TrainingConfig.builder().listener(masker).batchSize(16).build())
                    .fit(data),
            data);
    assertEquals(2, rounds.size());
    assertEquals(0.3, rounds.get(0).mask().sparsity(), 0.01);
    assertEquals(0.6, rounds.get(1).mask().sparsity(), 0.01);
    assertThrows(
        IllegalArgumentException.class,
        () -> IterativePruning.run(m, MagnitudePruner.global(), List.of(0.6, 0.3), null, data));
  }
}
