package io.github.compressionlab.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class MagnitudePrunerTest {

  private static float[] flat(INDArray a) {
    return a.dup('c').data().asFloat();
  }

  @Test
  void perLayer_removesSmallestMagnitudesInEachLayer() {
    Sequential m = PruneFixtures.tiny();
    Mask mask = MagnitudePruner.perLayer().mask(m, 0.5);
    // fc1: remove round(0.5·6) = 3 smallest of |w| = 0.05, 0.1, 0.2
    //   [[0.5, -0.1, 0.3], [-0.2, 0.05, 0.9]] → keep [[1, 0, 1], [0, 0, 1]]
    assertArrayEquals(new float[] {1, 0, 1, 0, 0, 1}, flat(mask.get("fc1.weight")));
    // fc2: remove 0.01, 0.02, 0.03 of [[0.01, 0.02], [-0.03, 0.04], [0.6, -0.7]]
    assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1}, flat(mask.get("fc2.weight")));
    assertEquals(0.5, mask.sparsity(), 1e-12);
    // biases are never masked
    assertEquals(2, mask.names().size());
  }

  @Test
  void global_keepsLargestWeightsAcrossLayers() {
    Sequential m = PruneFixtures.tiny();
    // 12 weights, remove round(0.5·12) = 6 smallest overall:
    //   0.01, 0.02, 0.03, 0.04 (fc2) and 0.05, 0.1 (fc1)
    Mask mask = MagnitudePruner.global().mask(m, 0.5);
    assertArrayEquals(new float[] {1, 0, 1, 1, 0, 1}, flat(mask.get("fc1.weight")));
    assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1}, flat(mask.get("fc2.weight")));
    assertEquals(2.0 / 6, mask.sparsity("fc1.weight"), 1e-12);
    assertEquals(4.0 / 6, mask.sparsity("fc2.weight"), 1e-12);
  }

  @Test
  void mask_doesNotChangeTheModel_applyToZeroesPrunedWeights() {
    Sequential m = PruneFixtures.tiny();
    Mask mask = MagnitudePruner.perLayer().layers("fc1").mask(m, 0.5);
    assertEquals(0.05f, m.parameter("fc1.weight").value().getFloat(1, 1));
    mask.applyTo(m);
    assertArrayEquals(
        new float[] {0.5f, 0f, 0.3f, 0f, 0f, 0.9f},
        flat(m.parameter("fc1.weight").value()),
        0f); // delta 0 compares numerically, so −0.0 (= −0.1·0) equals 0
    // fc2 not named: untouched
    assertEquals(0.01f, m.parameter("fc2.weight").value().getFloat(0, 0));
  }

  @Test
  void ties_areBrokenByPosition() {
    Sequential m = PruneFixtures.tiny();
    m.parameter("fc1.weight").setValue(PruneFixtures.matrix(new float[][] {{1, 1, 1}, {1, 1, 1}}));
    // all six equal: remove round(0.5·6) = 3, the first three in row-major order
    Mask mask = MagnitudePruner.perLayer().layers("fc1").mask(m, 0.5);
    assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1}, flat(mask.get("fc1.weight")));
  }

  @Test
  void zeroSparsity_keepsEverything() {
    Mask mask = MagnitudePruner.global().mask(PruneFixtures.tiny(), 0.0);
    assertEquals(0.0, mask.sparsity());
  }

  @Test
  void alreadyZeroWeights_stayPrunedWhenSparsityRises() {
    Sequential m = PruneFixtures.mlp(3);
    Mask first = MagnitudePruner.global().mask(m, 0.5);
    first.applyTo(m);
    Mask second = MagnitudePruner.global().mask(m, 0.8);
    for (String name : first.names()) {
      // every weight pruned by the first mask is pruned by the second: first ≥ second everywhere
      assertEquals(0.0, second.get(name).sub(first.get(name)).maxNumber().doubleValue());
    }
  }

  @Test
  void sparsityOutsideZeroToOne_throwsClearError_andModelUnchanged() {
    Sequential m = PruneFixtures.tiny();
    INDArray before = m.parameter("fc1.weight").value().dup();
    for (double bad : new double[] {1.0, -0.1, 1.5, Double.NaN}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> MagnitudePruner.global().mask(m, bad));
      assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
    }
    assertEquals(before, m.parameter("fc1.weight").value());
  }

  @Test
  void unknownLayer_errorListsTheLayers_andModelUnchanged() {
    Sequential m = PruneFixtures.tiny();
    INDArray before = m.parameter("fc1.weight").value().dup();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MagnitudePruner.perLayer().layers("fc9").mask(m, 0.5));
    assertTrue(e.getMessage().contains("fc9"), e.getMessage());
    assertTrue(e.getMessage().contains("[fc1, fc2]"), e.getMessage());
    IllegalArgumentException relu =
        assertThrows(
            IllegalArgumentException.class,
            () -> MagnitudePruner.perLayer().layers("relu1").mask(m, 0.5));
    assertTrue(relu.getMessage().contains("no weights"), relu.getMessage());
    assertEquals(before, m.parameter("fc1.weight").value());
  }

  @Test
  void maskOfOtherModel_failsToApply_namingTheShapes() {
    Mask mask = MagnitudePruner.global().mask(PruneFixtures.mlp(1), 0.5);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> mask.applyTo(PruneFixtures.tiny()));
    assertTrue(e.getMessage().contains("fc1.weight"), e.getMessage());
  }
}
