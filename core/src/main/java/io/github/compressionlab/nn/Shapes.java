package io.github.compressionlab.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shape arithmetic and shape error messages shared by the layers. */
final class Shapes {
  private Shapes() {}

  static String str(long[] shape) {
    return Arrays.toString(shape);
  }

  static long product(long[] shape) {
    long p = 1;
    for (long s : shape) {
      p *= s;
    }
    return p;
  }

  /** The per-example shape of a batch: {@code shape} without its first dimension. */
  static long[] perExample(INDArray batch) {
    long[] s = batch.shape();
    return Arrays.copyOfRange(s, 1, s.length);
  }

  /** {@code [batch, perExample...]}. */
  static long[] withBatch(long batch, long[] perExample) {
    long[] s = new long[perExample.length + 1];
    s[0] = batch;
    System.arraycopy(perExample, 0, s, 1, perExample.length);
    return s;
  }

  /** Throws if a forward input does not have the layer's expected per-example shape. */
  static void checkInput(Layer layer, INDArray input, long[] expected) {
    long[] got = perExample(input);
    if (input.rank() < 1 || !Arrays.equals(got, expected)) {
      throw new IllegalArgumentException(
          "layer '"
              + layer.name()
              + "' ("
              + layer.getClass().getSimpleName()
              + ") expects input [batch, "
              + Arrays.toString(expected).substring(1)
              + " but got "
              + Arrays.toString(input.shape()));
    }
  }

  /**
   * Output size of a convolution or pooling window along one axis; below 1 if the window does not
   * fit (floor division, so a 2-wide window on 1 pixel gives 0, not 1).
   */
  static long windowOut(long in, long kernel, long stride, long padding) {
    return Math.floorDiv(in + 2 * padding - kernel, stride) + 1;
  }
}
