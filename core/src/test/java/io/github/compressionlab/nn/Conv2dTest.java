package io.github.compressionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.testing.GradientCheck;
import io.github.compressionlab.testing.TestData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Conv2dTest {

  private static Conv2d conv(long in, long out, int k, int stride, int pad) {
    return new Conv2d(new Conv2d.Config("conv", in, out, k, stride, pad), 5);
  }

  @Test
  void forward_3x3ImageWith2x2Kernel_matchesHandComputedValues() {
    Conv2d c = conv(1, 1, 2, 1, 0);
    // kernel [[1, 0], [0, −1]], bias 0.5
    c.weight().setValue(Nd4j.create(new float[] {1, 0, 0, -1}, new long[] {1, 1, 2, 2}, 'c'));
    c.bias().setValue(Nd4j.create(new float[] {0.5f}));
    // image [[1,2,3],[4,5,6],[7,8,9]]: each output = top-left − bottom-right + 0.5 = −4 + 0.5
    INDArray x = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new long[] {1, 1, 3, 3}, 'c');
    INDArray y = c.forward(x, false);
    assertArrayEquals(new long[] {1, 1, 2, 2}, y.shape());
    assertArrayEquals(new float[] {-3.5f, -3.5f, -3.5f, -3.5f}, y.dup('c').data().asFloat(), 1e-6f);
  }

  @Test
  void forward_padding1_zeroPadsTheBorder() {
    Conv2d c = conv(1, 1, 3, 1, 1);
    // all-ones 3x3 kernel sums each 3x3 neighbourhood of a 2x2 all-ones image: every
    // neighbourhood (with zero padding) holds all 4 ones
    c.weight().setValue(Nd4j.ones(1, 1, 3, 3));
    INDArray y = c.forward(Nd4j.ones(1, 1, 2, 2), false);
    assertArrayEquals(new float[] {4, 4, 4, 4}, y.dup('c').data().asFloat(), 1e-6f);
  }

  @Test
  void backward_matchesFiniteDifferences() {
    GradientCheck.assertLayerGradients(conv(2, 3, 3, 1, 0), TestData.uniform(1, 2, 2, 5, 5));
  }

  @Test
  void backward_withStride2AndPadding1_matchesFiniteDifferences() {
    GradientCheck.assertLayerGradients(conv(2, 2, 3, 2, 1), TestData.uniform(2, 2, 2, 6, 6));
  }

  @Test
  void backwardParameters_matchesFullBackward_withStrideAndPadding() {
    // the first-layer shortcut (im2col + gemm) must give the native conv2d_bp's gradients
    for (int[] sp : new int[][] {{1, 0}, {2, 1}}) {
      Conv2d c = conv(2, 3, 3, sp[0], sp[1]);
      INDArray x = TestData.uniform(3, 4, 2, 7, 7);
      INDArray y = c.forward(x, true);
      INDArray g = TestData.uniform(4, y.shape());
      c.backward(g);
      INDArray w = c.weight().grad().dup();
      INDArray b = c.bias().grad().dup();
      c.backwardParameters(g);
      assertTrue(w.equalsWithEps(c.weight().grad(), 1e-4), "weight, stride " + sp[0]);
      assertTrue(b.equalsWithEps(c.bias().grad(), 1e-4), "bias, stride " + sp[0]);
    }
  }

  @Test
  void outputShape_strideAndPadding_followTheFormula() {
    // (28 + 2·1 − 3) / 2 + 1 = 14
    assertArrayEquals(
        new long[] {8, 14, 14}, conv(1, 8, 3, 2, 1).outputShape(new long[] {1, 28, 28}));
  }

  @Test
  void outputShape_wrongChannels_namesLayerAndFix() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> conv(3, 8, 3, 1, 0).outputShape(new long[] {1, 28, 28}));
    assertTrue(
        e.getMessage().contains("conv") && e.getMessage().contains("inChannels=1"), e.getMessage());
  }

  @Test
  void config_negativePadding_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Conv2d.Config("c", 1, 1, 3, 1, -1));
  }
}
