package io.github.compressionlab.prune;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Picks entries of an array along one axis, in plain Java (exact copies, any rank). */
final class Slices {
  private Slices() {}

  /** The entries of {@code a} whose index along {@code axis} is in {@code keep}, in that order. */
  static INDArray take(INDArray a, int axis, int[] keep) {
    long[] shape = a.shape();
    float[] src = a.dup('c').data().asFloat();
    long outer = 1;
    for (int d = 0; d < axis; d++) {
      outer *= shape[d];
    }
    long inner = 1;
    for (int d = axis + 1; d < shape.length; d++) {
      inner *= shape[d];
    }
    int n = (int) shape[axis];
    float[] dst = new float[(int) (outer * keep.length * inner)];
    int o = 0;
    for (long i = 0; i < outer; i++) {
      for (int k : keep) {
        if (k < 0 || k >= n) {
          throw new IllegalArgumentException(
              "index " + k + " is outside 0.." + (n - 1) + " along axis " + axis);
        }
        System.arraycopy(src, (int) ((i * n + k) * inner), dst, o, (int) inner);
        o += (int) inner;
      }
    }
    long[] out = shape.clone();
    out[axis] = keep.length;
    return Nd4j.create(dst, out, 'c');
  }
}
