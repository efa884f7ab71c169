package io.github.compressionlab.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.nn.Dense;
import io.github.compressionlab.nn.ModelPlan;
import io.github.compressionlab.nn.Sequential;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FastestEngineTest {

  @Test
  void choosesAmongTheEnginesThatSupportThePlan() {
    Sequential mlp =
        Sequential.builder(4).seed(1).dense("fc1", 8).relu("r").dense("fc2", 3).build();
    FastestEngine f = FastestEngine.of(mlp.plan(), 1, 2, 5);
    assertTrue(Set.of("ND4J", "plain Java").contains(f.engine().label()), f.engine().label());
    assertEquals(
        mlp.predict(Latency.input(new long[] {4}, 2, 1)),
        f.model().predict(Latency.input(new long[] {4}, 2, 1)));
    assertEquals(5, f.latency().repeats());
    // batch norm has no plain-Java stage: ND4J is the only candidate
    Sequential bn = Sequential.builder(4).seed(1).dense("fc", 3).batchNorm("bn").build();
    assertEquals("ND4J", FastestEngine.of(bn.plan(), 1, 0, 1).engine().label());
  }

  @Test
  void aPlanNoEngineRuns_isRefusedWithEachEnginesReason() {
    ModelPlan shapesOnly =
        ModelPlan.lower(new long[] {4}, List.of(new Dense.Config("fc", 4, 2, null)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FastestEngine.of(shapesOnly, 1, 0, 1));
    assertTrue(
        e.getMessage().contains("ND4J:") && e.getMessage().contains("plain Java:"), e.getMessage());
  }
}
