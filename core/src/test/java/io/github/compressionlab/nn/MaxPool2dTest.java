package io.github.compressionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.compressionlab.testing.GradientCheck;
import io.github.compressionlab.testing.TestData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MaxPool2dTest {

  @Test
  void forward_2x2Windows_pickEachWindowsMaximum() {
    // [[1, 2, 5, 0], [3, 4, 1, 1], [0, 0, 2, 2], [9, 0, 2, 3]] → [[4, 5], [9, 3]]
    INDArray x =
        Nd4j.create(
            new float[] {1, 2, 5, 0, 3, 4, 1, 1, 0, 0, 2, 2, 9, 0, 2, 3},
            new long[] {1, 1, 4, 4},
            'c');
    INDArray y = new MaxPool2d("pool", 2).forward(x, false);
    assertArrayEquals(new float[] {4, 5, 9, 3}, y.dup('c').data().asFloat(), 0f);
  }

  @Test
  void backward_routesGradientToTheMaximum() {
    // the maximum of the single window [[1, 2], [3, 4]] is the last element
    MaxPool2d p = new MaxPool2d("pool", 2);
    p.forward(Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {1, 1, 2, 2}, 'c'), true);
    INDArray g = p.backward(Nd4j.create(new float[] {7}, new long[] {1, 1, 1, 1}, 'c'));
    assertArrayEquals(new float[] {0, 0, 0, 7}, g.dup('c').data().asFloat(), 0f);
  }

  @Test
  void backward_matchesFiniteDifferences() {
    GradientCheck.assertLayerGradients(new MaxPool2d("pool", 2), TestData.distinct(3, 2, 3, 6, 6));
  }

  @Test
  void backward_oddSizeWithStride1_matchesFiniteDifferences() {
    GradientCheck.assertLayerGradients(
        new MaxPool2d(new MaxPool2d.Config("pool", 2, 1)), TestData.distinct(4, 1, 2, 5, 5));
  }

  @Test
  void outputShape_oddSize_dropsTheRemainder() {
    // 11 / 2 → 5 (floor), as PyTorch
    assertArrayEquals(
        new long[] {32, 5, 5}, new MaxPool2d("p", 2).outputShape(new long[] {32, 11, 11}));
  }

  @Test
  void outputShape_flatInput_isRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> new MaxPool2d("p", 2).outputShape(new long[] {10}));
  }
}
