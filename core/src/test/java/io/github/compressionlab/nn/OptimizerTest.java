package io.github.compressionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class OptimizerTest {

  private static Parameter param(float[] value, float[] grad) {
    Parameter p = new Parameter("w", Nd4j.create(value));
    p.grad().assign(Nd4j.create(grad));
    return p;
  }

  @Test
  void sgd_step_subtractsLearningRateTimesGradient() {
    Parameter p = param(new float[] {1, 2}, new float[] {10, -10});
    Sgd sgd = new Sgd(0.1);
    sgd.initialise(Map.of("w", p));
    sgd.step();
    // [1 − 0.1·10, 2 + 0.1·10] = [0, 3]
    assertArrayEquals(new float[] {0, 3}, p.value().toFloatVector(), 1e-6f);
  }

  @Test
  void adam_firstStep_movesEachWeightByAboutTheLearningRate() {
    // after bias correction m̂ = g and v̂ = g², so the first step is lr · g/|g| = ±lr
    Parameter p = param(new float[] {1, 2}, new float[] {3, -0.5f});
    Adam adam = new Adam(0.01);
    adam.initialise(Map.of("w", p));
    adam.step();
    assertArrayEquals(new float[] {0.99f, 2.01f}, p.value().toFloatVector(), 1e-5f);
  }

  @Test
  void sgdWithMomentum_secondStepIsLargerThanFirst() {
    Parameter p = param(new float[] {0}, new float[] {1});
    Sgd sgd = new Sgd(0.1, 0.9);
    sgd.initialise(Map.of("w", p));
    sgd.step();
    float first = -p.value().getFloat(0);
    sgd.step();
    float second = -p.value().getFloat(0) - first;
    assertTrue(second > first, first + " then " + second);
  }

  @Test
  void learningRateZeroOrNegative_isRejectedWithHint() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam(0));
    assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Sgd(-0.1));
    assertThrows(IllegalArgumentException.class, () -> new Sgd(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new Adam(0.1).setLearningRate(0));
  }

  @Test
  void momentumOutsideZeroToOne_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 1.0));
  }
}
