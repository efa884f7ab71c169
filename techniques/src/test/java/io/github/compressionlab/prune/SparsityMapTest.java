package io.github.compressionlab.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class SparsityMapTest {

  @Test
  void matrix_drawsOneRowPerNeuron_keptDarkPrunedWhite() {
    // weight [in = 2, out = 3] = [[0.5, 0, 0.3], [0, 0.05, 0]]: neuron j is picture row j
    INDArray w = PruneFixtures.matrix(new float[][] {{0.5f, 0f, 0.3f}, {0f, 0.05f, 0f}});
    BufferedImage img = SparsityMap.matrix(w, 2);
    assertEquals(4, img.getWidth()); // 2 inputs × scale 2
    assertEquals(6, img.getHeight()); // 3 neurons × scale 2
    int white = Color.WHITE.getRGB();
    assertEquals(false, img.getRGB(0, 0) == white); // input 0 → neuron 0: kept
    assertEquals(white, img.getRGB(2, 0)); // input 1 → neuron 0: pruned
    assertEquals(white, img.getRGB(0, 2)); // input 0 → neuron 1: pruned
    assertEquals(false, img.getRGB(2, 2) == white); // input 1 → neuron 1: kept
  }

  @Test
  void pixels_countsNeuronsPerPixel() {
    // 2x2 image, 2 neurons: pixel 0 feeds both (black), pixel 3 none (white)
    INDArray w = PruneFixtures.matrix(new float[][] {{1, 1}, {1, 0}, {0, 1}, {0, 0}});
    BufferedImage img = SparsityMap.pixels(w, 2, 2, 1);
    assertEquals(new Color(0, 0, 0).getRGB(), img.getRGB(0, 0));
    assertEquals(new Color(127, 127, 127).getRGB(), img.getRGB(1, 0)); // 255 − round(127.5)
    assertEquals(Color.WHITE.getRGB(), img.getRGB(1, 1));
    assertThrows(IllegalArgumentException.class, () -> SparsityMap.pixels(w, 3, 3, 1));
  }

  @Test
  void factories_matchTheNamedPruners() {
    assertEquals(
        MagnitudePruner.Scope.PER_LAYER,
        MagnitudePruner.of(MagnitudePruner.Scope.PER_LAYER).scope());
    assertEquals(
        NeuronPruner.Criterion.L2, NeuronPruner.of(NeuronPruner.Criterion.L2, null).criterion());
    assertThrows(
        IllegalArgumentException.class,
        () -> NeuronPruner.of(NeuronPruner.Criterion.MEAN_ACTIVATION, null));
  }
}
