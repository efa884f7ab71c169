package io.github.compressionlab.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class NeuronPrunerTest {

  @Test
  void l1AndL2Scores_areNormsOfEachNeuronsIncomingWeights() {
    Sequential m = PruneFixtures.tiny();
    // fc1.weight [in, out] = [[0.5, -0.1, 0.3], [-0.2, 0.05, 0.9]]; neuron j = column j
    // L1: 0.5+0.2 = 0.7, 0.1+0.05 = 0.15, 0.3+0.9 = 1.2
    assertArrayEquals(new double[] {0.7, 0.15, 1.2}, NeuronPruner.l1().scores(m, "fc1"), 1e-6);
    // L2: √(0.25+0.04) = 0.53852, √(0.01+0.0025) = 0.11180, √(0.09+0.81) = 0.94868
    assertArrayEquals(
        new double[] {0.538516, 0.111803, 0.948683}, NeuronPruner.l2().scores(m, "fc1"), 1e-5);
  }

  @Test
  void plan_removesWeakestNeurons_neverTheOutputLayer() {
    Sequential m = PruneFixtures.tiny();
    // fc1 has 3 neurons: remove round(0.34·3) = 1, the weakest (neuron 1, L1 0.15)
    NeuronPlan plan = NeuronPruner.l1().plan(m, 0.34);
    assertArrayEquals(new int[] {0, 2}, plan.kept("fc1"));
    assertEquals(1, plan.keep().size()); // fc2 is the output layer
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> NeuronPruner.l1().layers("fc2").plan(m, 0.5));
    assertTrue(e.getMessage().contains("outputs"), e.getMessage());
  }

  @Test
  void meanActivation_ranksByAverageReluOutputOnTheSample() {
    Sequential m = PruneFixtures.tiny();
    // x = [1, 1]: fc1 pre-activation = [0.5−0.2+0.1, −0.1+0.05+0.2, 0.3+0.9+0.3] = [0.4, 0.15, 1.5]
    INDArray x = PruneFixtures.matrix(new float[][] {{1, 1}});
    assertArrayEquals(
        new double[] {0.4, 0.15, 1.5}, NeuronPruner.meanActivation(x).scores(m, "fc1"), 1e-6);
  }

  @Test
  void mask_zeroesRemovedNeuronsIncomingWeightsAndBias() {
    Sequential m = PruneFixtures.tiny();
    Mask mask = NeuronPruner.l1().mask(m, 0.34);
    assertArrayEquals(
        new float[] {1, 0, 1, 1, 0, 1}, mask.get("fc1.weight").dup('c').data().asFloat());
    assertArrayEquals(new float[] {1, 0, 1}, mask.get("fc1.bias").data().asFloat());
  }
}
