package io.github.compressionlab.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float kernels of {@link JavaEngine} on the JDK Vector API ({@code jdk.incubator.vector}):
 * fused multiply-adds on the CPU's widest float vectors (16 lanes with AVX-512, 8 with AVX2), with
 * the accumulators of several output rows kept in registers for a whole pass, so each weight and
 * each input is loaded once per pass instead of once per multiply-add. C2 does not vectorize the
 * plain loops this way: it vectorizes {@code y[j] += w · x[j]} but loads and stores {@code y} for
 * every term. The weights are laid out for these loops once, when a plan is compiled ({@link
 * JavaDenseStage}, {@link JavaConvStage}). Loaded only when the module is present ({@link
 * #AVAILABLE}); the stages fall back to their plain loops otherwise.
 */
final class FloatVectorKernels {
  private FloatVectorKernels() {}

  /**
   * Whether the kernels run here: the {@code jdk.incubator.vector} module is in the boot layer
   * ({@code --add-modules jdk.incubator.vector}, as {@code ./lab}, the kernel and the tests add
   * it), vectors have at least 8 float lanes, and {@code -Dlab.float.vector} is not {@code false}.
   */
  static final boolean AVAILABLE = Probe.usable();

  /** Float lanes per vector (1 without the kernels). */
  static final int LANES = AVAILABLE ? Vectors.lanes() : 1;

  /** {@code n} rounded up to a multiple of {@code m}. */
  static int roundUp(int n, int m) {
    return (n + m - 1) / m * m;
  }

  /** Decides {@link #AVAILABLE} without touching a Vector API class unless the module is there. */
  private static final class Probe {
    static boolean usable() {
      if (!Boolean.parseBoolean(System.getProperty("lab.float.vector", "true"))
          || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        return false;
      }
      try {
        return Vectors.lanes() >= 8;
      } catch (LinkageError | RuntimeException e) {
        return false;
      }
    }
  }

  /** The kernels themselves: only this class names Vector API types in its code. */
  static final class Vectors {
    private Vectors() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    static int lanes() {
      return L;
    }

    /**
     * A dense layer on its compacted non-zero inputs: {@code y[j] = bias[j] + Σ_k xs[k] · w[off[k]
     * + j]} for {@code j < stride}, where {@code off[k]} is the offset of input {@code k}'s weight
     * row (rows of {@code stride} floats, a whole number of vectors, zero beyond the outputs). Four
     * vectors of outputs per pass: four accumulators stay in registers while every input's four
     * weight vectors stream past.
     */
    static void dense(
        float[] w, int stride, float[] bias, int[] off, float[] xs, int count, float[] y) {
      int j = 0;
      for (; j + 4 * L <= stride; j += 4 * L) {
        FloatVector a0 = FloatVector.fromArray(S, bias, j);
        FloatVector a1 = FloatVector.fromArray(S, bias, j + L);
        FloatVector a2 = FloatVector.fromArray(S, bias, j + 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, bias, j + 3 * L);
        for (int k = 0; k < count; k++) {
          FloatVector x = FloatVector.broadcast(S, xs[k]);
          int b = off[k] + j;
          a0 = FloatVector.fromArray(S, w, b).fma(x, a0);
          a1 = FloatVector.fromArray(S, w, b + L).fma(x, a1);
          a2 = FloatVector.fromArray(S, w, b + 2 * L).fma(x, a2);
          a3 = FloatVector.fromArray(S, w, b + 3 * L).fma(x, a3);
        }
        a0.intoArray(y, j);
        a1.intoArray(y, j + L);
        a2.intoArray(y, j + 2 * L);
        a3.intoArray(y, j + 3 * L);
      }
      for (; j < stride; j += L) {
        FloatVector a = FloatVector.fromArray(S, bias, j);
        for (int k = 0; k < count; k++) {
          a = FloatVector.fromArray(S, w, off[k] + j).fma(FloatVector.broadcast(S, xs[k]), a);
        }
        a.intoArray(y, j);
      }
    }

    /**
     * Four output channels of a stride-1 convolution over {@code len} positions of the padded-width
     * output plane ({@code len} a multiple of {@code 2·L}): {@code acc[a0 + q·accStride + j] =
     * bias[q] + Σ_t w[wo + 4t + q] · src[tapOff[t] + j]}, {@code q < 4}. Eight accumulators (four
     * channels × two vectors of positions) stay in registers across all taps: per tap two input
     * loads and four weight broadcasts feed eight FMAs.
     */
    static void conv4(
        float[] src,
        int[] tapOff,
        int taps,
        float[] w,
        int wo,
        float b0,
        float b1,
        float b2,
        float b3,
        float[] acc,
        int a0,
        int accStride,
        int len) {
      for (int j = 0; j < len; j += 2 * L) {
        FloatVector c00 = FloatVector.broadcast(S, b0);
        FloatVector c01 = c00;
        FloatVector c10 = FloatVector.broadcast(S, b1);
        FloatVector c11 = c10;
        FloatVector c20 = FloatVector.broadcast(S, b2);
        FloatVector c21 = c20;
        FloatVector c30 = FloatVector.broadcast(S, b3);
        FloatVector c31 = c30;
        for (int t = 0; t < taps; t++) {
          int s = tapOff[t] + j;
          FloatVector x0 = FloatVector.fromArray(S, src, s);
          FloatVector x1 = FloatVector.fromArray(S, src, s + L);
          int wi = wo + 4 * t;
          FloatVector w0 = FloatVector.broadcast(S, w[wi]);
          FloatVector w1 = FloatVector.broadcast(S, w[wi + 1]);
          FloatVector w2 = FloatVector.broadcast(S, w[wi + 2]);
          FloatVector w3 = FloatVector.broadcast(S, w[wi + 3]);
          c00 = x0.fma(w0, c00);
          c01 = x1.fma(w0, c01);
          c10 = x0.fma(w1, c10);
          c11 = x1.fma(w1, c11);
          c20 = x0.fma(w2, c20);
          c21 = x1.fma(w2, c21);
          c30 = x0.fma(w3, c30);
          c31 = x1.fma(w3, c31);
        }
        int a = a0 + j;
        c00.intoArray(acc, a);
        c01.intoArray(acc, a + L);
        c10.intoArray(acc, a + accStride);
        c11.intoArray(acc, a + accStride + L);
        c20.intoArray(acc, a + 2 * accStride);
        c21.intoArray(acc, a + 2 * accStride + L);
        c30.intoArray(acc, a + 3 * accStride);
        c31.intoArray(acc, a + 3 * accStride + L);
      }
    }

    /** {@code out[j] = max(in[j], 0)} for {@code j < n}. */
    static void relu(float[] in, float[] out, int n) {
      int j = 0;
      for (int bound = S.loopBound(n); j < bound; j += L) {
        FloatVector.fromArray(S, in, j).max(0f).intoArray(out, j);
      }
      for (; j < n; j++) {
        out[j] = Math.max(in[j], 0f);
      }
    }
  }
}
