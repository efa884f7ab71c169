package io.github.compressionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.testing.GradientCheck;
import io.github.compressionlab.testing.TestData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SoftmaxCrossEntropyTest {

  @Test
  void equalLogits_giveLogK() {
    // softmax of [0, 0] is [½, ½]; −log ½ = ln 2
    INDArray z = Nd4j.zeros(1, 2);
    assertEquals(Math.log(2), new SoftmaxCrossEntropy().forward(z, new int[] {1}), 1e-9);
  }

  @Test
  void handComputedBatch_isAveraged() {
    // row 1: logits [ln 3, 0], label 0 → p = 3/4, loss −ln ¾ ; row 2: [0, 0], label 1 → ln 2
    INDArray z = Nd4j.create(new float[][] {{(float) Math.log(3), 0}, {0, 0}});
    double expected = (-Math.log(0.75) + Math.log(2)) / 2;
    assertEquals(expected, new SoftmaxCrossEntropy().forward(z, new int[] {0, 1}), 1e-6);
  }

  @Test
  void gradient_isSoftmaxMinusOneHotOverBatch() {
    // [ln 3, 0] label 0: softmax [¾, ¼] − [1, 0] = [−¼, ¼], divided by B = 1
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
    ce.forward(Nd4j.create(new float[][] {{(float) Math.log(3), 0}}), new int[] {0});
    assertArrayEquals(new float[] {-0.25f, 0.25f}, ce.backward().toFloatVector(), 1e-6f);
  }

  @Test
  void hugeLogits_stayFinite() {
    // naive exp(1000) overflows; with the max subtracted the loss is exactly 1000 − 0 = 1000
    INDArray z = Nd4j.create(new float[][] {{1000, 0}});
    double loss = new SoftmaxCrossEntropy().forward(z, new int[] {1});
    assertEquals(1000, loss, 1e-3);
    assertTrue(Double.isFinite(loss));
  }

  @Test
  void backward_matchesFiniteDifferences() {
    INDArray z = TestData.uniform(4, 3, 5).muli(3);
    GradientCheck.assertLossGradient(
        new SoftmaxCrossEntropy(), z, TestData.batch(Nd4j.zeros(3, 1), new int[] {0, 4, 2}, 5));
  }
}
