package io.github.compressionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.compressionlab.testing.GradientCheck;
import io.github.compressionlab.testing.TestData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BatchNormTest {

  @Test
  void training_normalisesEachFeatureWithBatchStatistics() {
    // feature column [1, 3]: mean 2, biased variance 1 → x̂ = [−1, 1]/√(1 + 1e−5)
    BatchNorm bn = new BatchNorm("bn", 1);
    float[] y = bn.forward(Nd4j.create(new float[][] {{1}, {3}}), true).toFloatVector();
    assertArrayEquals(new float[] {-1, 1}, y, 1e-4f);
    // running mean 0.9·0 + 0.1·2 = 0.2 ; running var 0.9·1 + 0.1·2 (unbiased: 2/1) = 1.1
    assertEquals(0.2f, bn.parameters().get(2).value().getFloat(0), 1e-6f);
    assertEquals(1.1f, bn.parameters().get(3).value().getFloat(0), 1e-6f);
  }

  @Test
  void inference_usesRunningStatistics() {
    BatchNorm bn = new BatchNorm("bn", 2);
    bn.parameters().get(2).setValue(Nd4j.create(new float[] {1, -1})); // running mean
    bn.parameters().get(3).setValue(Nd4j.create(new float[] {4, 1})); // running var
    // (3 − 1)/√4 = 1 ; (0 + 1)/√1 = 1
    INDArray y = bn.forward(Nd4j.create(new float[][] {{3, 0}}), false);
    assertArrayEquals(new float[] {1, 1}, y.toFloatVector(), 1e-4f);
  }

  @Test
  void backward_onFeatures_matchesFiniteDifferences() {
    BatchNorm bn = new BatchNorm("bn", 3);
    bn.parameters().get(0).setValue(Nd4j.create(new float[] {1.5f, -0.5f, 2}));
    GradientCheck.assertLayerGradients(bn, TestData.uniform(6, 5, 3));
  }

  @Test
  void backward_onImages_matchesFiniteDifferences() {
    GradientCheck.assertLayerGradients(new BatchNorm("bn", 2), TestData.uniform(7, 2, 2, 3, 3));
  }

  @Test
  void runningStatistics_areNotTrainedOrCounted() {
    Sequential m = Sequential.builder(1, 4, 4).conv2d("conv", 2, 3).batchNorm("bn").build();
    // conv 2·1·3·3 + 2 = 20, bn γ and β 2 + 2 = 4 ; running stats not counted
    assertEquals(24, m.paramCount());
    assertEquals(false, m.parameter("bn.running_mean").trainable());
  }

  @Test
  void wrongFeatureCount_isRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Sequential.builder(5).add(new BatchNorm("bn", 4)).build());
  }
}
