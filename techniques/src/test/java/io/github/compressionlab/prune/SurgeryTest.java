package io.github.compressionlab.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.nn.Sequential;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class SurgeryTest {

  private static void assertClose(INDArray expected, INDArray actual) {
    assertArrayEquals(expected.shape(), actual.shape());
    double diff = expected.sub(actual).amaxNumber().doubleValue();
    assertTrue(diff < 1e-5, "outputs differ by " + diff);
  }

  @Test
  void removeUnits_denseToDense_sameOutputsAsZeroingThem() {
    Sequential m = PruneFixtures.mlp(11);
    NeuronPlan plan = NeuronPruner.l1().plan(m, 0.5); // fc1 16 → 8, fc2 8 → 4
    Sequential masked = m.copy();
    plan.toMask(masked).applyTo(masked);
    Sequential smaller = Surgery.removeUnits(m, plan);
    assertEquals(8, smaller.parameter("fc1.weight").shape()[1]);
    assertArrayEquals(new long[] {8, 4}, smaller.parameter("fc2.weight").shape());
    assertArrayEquals(new long[] {4, 3}, smaller.parameter("fc3.weight").shape());
    INDArray x = PruneFixtures.inputs(5, new long[] {1, 4, 4}, 9);
    // removed units output relu(0) = 0 in the masked model, so the next layer never missed them
    assertClose(masked.predict(x), smaller.predict(x));
    // 16·16+16 + 16·8+8 + 8·3+3 = 435 params before; 16·8+8 + 8·4+4 + 4·3+3 = 187 after
    assertEquals(435, m.paramCount());
    assertEquals(187, smaller.paramCount());
  }

  @Test
  void removeUnits_convToConvAndConvToFlattenToDense_cutsTheRightInputs() {
    Sequential m = PruneFixtures.cnn(4);
    // conv1 keeps filters {1, 3} of 4; conv2 keeps {0, 2, 5} of 6, so fc1 keeps the flattened
    // positions of channels 0, 2, 5: c·(2·2) + p for p in 0..3 → 12 of its 24 inputs
    NeuronPlan plan =
        new NeuronPlan(Map.of("conv1", new int[] {3, 1}, "conv2", new int[] {0, 2, 5}));
    Sequential masked = m.copy();
    plan.toMask(masked).applyTo(masked);
    Sequential smaller = Surgery.removeUnits(m, plan);
    assertArrayEquals(new long[] {2, 1, 3, 3}, smaller.parameter("conv1.weight").shape());
    assertArrayEquals(new long[] {3, 2, 1, 1}, smaller.parameter("conv2.weight").shape());
    assertArrayEquals(new long[] {12, 5}, smaller.parameter("fc1.weight").shape());
    INDArray x = PruneFixtures.inputs(4, new long[] {1, 6, 6}, 2);
    assertClose(masked.predict(x), smaller.predict(x));
    // row 4 of the new fc1 is input 2·4 + 0 = 8 of the old one (channel 2, position 0)
    assertClose(
        m.parameter("fc1.weight").value().getRow(8),
        smaller.parameter("fc1.weight").value().getRow(4));
  }

  @Test
  void removeUnits_badPlan_clearError_andModelUnchanged() {
    Sequential m = PruneFixtures.mlp(1);
    INDArray before = m.parameter("fc1.weight").value().dup();
    IllegalArgumentException out =
        assertThrows(
            IllegalArgumentException.class,
            () -> Surgery.removeUnits(m, new NeuronPlan(Map.of("fc3", new int[] {0}))));
    assertTrue(out.getMessage().contains("outputs"), out.getMessage());
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> Surgery.removeUnits(m, new NeuronPlan(Map.of("fc7", new int[] {0}))));
    assertTrue(unknown.getMessage().contains("[fc1, fc2, fc3]"), unknown.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Surgery.removeUnits(m, new NeuronPlan(Map.of("fc1", new int[] {}))));
    assertThrows(
        IllegalArgumentException.class,
        () -> Surgery.removeUnits(m, new NeuronPlan(Map.of("fc1", new int[] {0, 16}))));
    assertEquals(before, m.parameter("fc1.weight").value());
    assertEquals(435, m.paramCount());
  }

  @Test
  void removeLayer_foldsDenseIntoTheNextDense() {
    Sequential m = PruneFixtures.tiny();
    Sequential s = Surgery.removeLayer(m, "fc1");
    assertEquals(1, s.layers().size()); // fc1 and relu1 gone, fc2 now 2 → 2
    // W' = W1·W2 with W1 = [[0.5, −0.1, 0.3], [−0.2, 0.05, 0.9]], W2 = [[0.01, 0.02], [−0.03,
    // 0.04],
    // [0.6, −0.7]]:
    //   row 0: 0.005 + 0.003 + 0.18 = 0.188,   0.01 − 0.004 − 0.21 = −0.204
    //   row 1: −0.002 − 0.0015 + 0.54 = 0.5365, −0.004 + 0.002 − 0.63 = −0.632
    // b' = b1·W2 + b2 = [0.001 − 0.006 + 0.18, 0.002 + 0.008 − 0.21] = [0.175, −0.2]
    assertArrayEquals(
        new float[] {0.188f, -0.204f, 0.5365f, -0.632f},
        s.parameter("fc2.weight").value().dup('c').data().asFloat(),
        1e-6f);
    assertArrayEquals(
        new float[] {0.175f, -0.2f}, s.parameter("fc2.bias").value().data().asFloat(), 1e-6f);
  }

  @Test
  void removeLayer_shapeKeepingConv_dropsItAndKeepsNeighbours() {
    Sequential m =
        Sequential.builder(2, 4, 4)
            .seed(3)
            .conv2d("conv1", 2, 3, 1, 1)
            .relu("relu1")
            .conv2d("conv2", 2, 3, 1, 1)
            .relu("relu2")
            .flatten()
            .dense("fc", 3)
            .build();
    Sequential s = Surgery.removeLayer(m, "conv1");
    assertEquals(
        java.util.List.of("conv2", "relu2", "flatten", "fc"),
        s.layers().stream().map(l -> l.name()).toList());
    assertEquals(m.parameter("conv2.weight").value(), s.parameter("conv2.weight").value());
  }

  @Test
  void removeLayer_thatCannotFit_clearError_andModelUnchanged() {
    Sequential cnn = PruneFixtures.cnn(2);
    INDArray before = cnn.parameter("conv1.weight").value().dup();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Surgery.removeLayer(cnn, "conv1"));
    assertTrue(e.getMessage().contains("'pool1'"), e.getMessage());
    assertTrue(e.getMessage().contains("[1, 6, 6] → [4, 4, 4]"), e.getMessage());
    assertEquals(before, cnn.parameter("conv1.weight").value());
    assertEquals(9, cnn.layers().size());

    Sequential mlp = PruneFixtures.mlp(2);
    IllegalArgumentException out =
        assertThrows(IllegalArgumentException.class, () -> Surgery.removeLayer(mlp, "fc3"));
    assertTrue(out.getMessage().contains("outputs"), out.getMessage());
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> Surgery.removeLayer(mlp, "fc9"));
    assertTrue(unknown.getMessage().contains("[fc1, fc2, fc3]"), unknown.getMessage());
    assertEquals(435, mlp.paramCount());
  }
}
