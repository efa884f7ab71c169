package io.github.compressionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.testing.GradientCheck;
import io.github.compressionlab.testing.TestData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DropoutTest {

  @Test
  void config_pOne_isRejectedWithExplanation() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Dropout("d", 1.0, 1));
    assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
  }

  @Test
  void config_negativeOrNaNP_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Dropout("d", -0.1, 1));
    assertThrows(IllegalArgumentException.class, () -> new Dropout("d", Double.NaN, 1));
  }

  @Test
  void inference_isIdentity() {
    INDArray x = TestData.uniform(1, 3, 4);
    assertSame(x, new Dropout("d", 0.5, 1).forward(x, false));
  }

  @Test
  void training_keepsAboutOneMinusP_andScalesSurvivorsByOneOverOneMinusP() {
    INDArray y = new Dropout("d", 0.25, 3).forward(Nd4j.ones(100, 100), true);
    float[] v = y.dup('c').data().asFloat();
    int kept = 0;
    for (float f : v) {
      if (f != 0) {
        kept++;
        assertEquals(1 / 0.75f, f, 1e-6f); // inverted dropout: 1 / (1 − p)
      }
    }
    assertEquals(0.75, kept / 10000.0, 0.02);
  }

  @Test
  void sameSeed_sameMask() {
    INDArray a = new Dropout("d", 0.5, 9).forward(Nd4j.ones(4, 8), true).dup();
    INDArray b = new Dropout("d", 0.5, 9).forward(Nd4j.ones(4, 8), true).dup();
    assertEquals(a, b);
  }

  @Test
  void backward_withFixedMask_matchesFiniteDifferences() {
    Dropout d = new Dropout("d", 0.4, 1);
    GradientCheck.assertLayerGradients(d, TestData.uniform(5, 4, 6), () -> d.reseed(17));
  }
}
