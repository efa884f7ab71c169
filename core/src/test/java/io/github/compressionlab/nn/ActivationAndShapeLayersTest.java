package io.github.compressionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.compressionlab.testing.GradientCheck;
import io.github.compressionlab.testing.TestData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** ReLU and Flatten: parameter-free layers. */
class ActivationAndShapeLayersTest {

  @Test
  void relu_forward_zeroesNegatives() {
    INDArray y = new ReLU("r").forward(Nd4j.create(new float[][] {{-1, 0, 2}}), false);
    assertArrayEquals(new float[] {0, 0, 2}, y.toFloatVector(), 0f);
  }

  @Test
  void relu_forward_leavesItsInputUnchanged() {
    INDArray x = Nd4j.create(new float[][] {{-1, 3}});
    new ReLU("r").forward(x, true);
    assertArrayEquals(new float[] {-1, 3}, x.toFloatVector(), 0f);
  }

  @Test
  void relu_backward_matchesFiniteDifferences() {
    GradientCheck.assertLayerGradients(new ReLU("r"), TestData.awayFromZero(1, 4, 6));
  }

  @Test
  void relu_backward_onImages_matchesFiniteDifferences() {
    GradientCheck.assertLayerGradients(new ReLU("r"), TestData.awayFromZero(2, 2, 2, 3, 3));
  }

  @Test
  void flatten_forward_isRowMajor() {
    INDArray x = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new long[] {2, 1, 2, 2}, 'c');
    INDArray y = new Flatten("f").forward(x, false);
    assertArrayEquals(new long[] {2, 4}, y.shape());
    assertArrayEquals(new float[] {5, 6, 7, 8}, y.getRow(1).toFloatVector(), 0f);
  }

  @Test
  void flatten_backward_matchesFiniteDifferences() {
    GradientCheck.assertLayerGradients(new Flatten("f"), TestData.uniform(3, 2, 2, 3, 3));
  }
}
