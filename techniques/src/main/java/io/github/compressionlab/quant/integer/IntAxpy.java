package io.github.compressionlab.quant.integer;

/**
 * The int8 kernel of integer inference: {@code acc[ao + j] += s · v[vo + j]} for {@code j < len},
 * one int8 row scaled by an integer and added to int32 accumulators ("axpy"), alone or four rows at
 * a time so each accumulator is loaded and stored once per four rows.
 *
 * <p>Dense layers run as {@code acc += (x_i − z) · W[i, :]} over the inputs that are not at the
 * zero point (a blank pixel or a neuron a ReLU cut off costs nothing; the float plain-Java path,
 * {@code nn.JavaEngine}, skips zero inputs the same way), conv layers as {@code acc[o, :] += w[o,
 * i] · cols[i, :]} over the im2col rows.
 *
 * <p>The loops over {@code j} are what the JIT would vectorize for floats, but JDK 17's C2 does not
 * vectorize a byte load widened to int (nor, here, an int axpy between two arrays of one type,
 * whose aliasing it cannot rule out). With the JDK Vector API ({@code --add-modules
 * jdk.incubator.vector}) {@link IntAxpyVector} does it by hand: int8 loads widened to 16 int32
 * lanes (AVX-512; 8 on AVX2). Measured on the lab's machine, the 784×300 layer at batch 1 with half
 * the inputs blank: 11 µs against 50 µs for the same loop in plain Java (floats or int32 weights),
 * 145 µs for the previous dot-product kernel. Without the module, or with {@code
 * -Dlab.quant.vector=false}, the plain loops below run: same integers, slower.
 */
final class IntAxpy {
  private IntAxpy() {}

  /** Whether the Vector API kernel is in use. */
  static final boolean VECTOR = vectorUsable();

  private static boolean vectorUsable() {
    if (!Boolean.parseBoolean(System.getProperty("lab.quant.vector", "true"))
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      return IntAxpyVector.usable();
    } catch (LinkageError | RuntimeException e) {
      return false; // no usable vector shape on this CPU: plain loops
    }
  }

  /** Ints per vector of the kernel in use (1 for the plain loops). */
  static final int LANES = VECTOR ? IntAxpyVector.lanes() : 1;

  /** {@code len} rounded up to whole vectors. */
  static int padded(int len) {
    return (len + LANES - 1) / LANES * LANES;
  }

  /** {@code acc[ao + j] += s · v[vo + j]}, {@code j < len}. */
  static void axpy(int s, byte[] v, int vo, int[] acc, int ao, int len) {
    if (VECTOR) {
      IntAxpyVector.axpy(s, v, vo, acc, ao, len);
      return;
    }
    for (int j = 0; j < len; j++) {
      acc[ao + j] += s * v[vo + j];
    }
  }

  /** {@code acc[ao + j] += s0·v[v0 + j] + s1·v[v1 + j] + s2·v[v2 + j] + s3·v[v3 + j]}. */
  static void axpy4(
      int s0,
      int s1,
      int s2,
      int s3,
      byte[] v,
      int v0,
      int v1,
      int v2,
      int v3,
      int[] acc,
      int ao,
      int len) {
    if (VECTOR) {
      IntAxpyVector.axpy4(s0, s1, s2, s3, v, v0, v1, v2, v3, acc, ao, len);
      return;
    }
    for (int j = 0; j < len; j++) {
      acc[ao + j] += s0 * v[v0 + j] + s1 * v[v1 + j] + s2 * v[v2 + j] + s3 * v[v3 + j];
    }
  }

  /**
   * {@code out[oo + j] = clamp(Math.round(acc[ao + j] · m + b), lo, 127)}: requantization to int8,
   * with {@code lo} above −128 when a ReLU follows (its floor is the zero point).
   */
  static void requantize(int[] acc, int ao, int len, float m, float b, int lo, byte[] out, int oo) {
    if (VECTOR) {
      IntAxpyVector.requantize(acc, ao, len, m, b, lo, out, oo);
      return;
    }
    for (int j = 0; j < len; j++) {
      out[oo + j] = (byte) Math.max(lo, Math.min(127, Math.round(acc[ao + j] * m + b)));
    }
  }

  /** {@code out[j] = clamp(Math.round(in[from + j] · inv) + z, −128, 127)}: the model input. */
  static void quantize(float[] in, int from, int len, float inv, int z, byte[] out) {
    if (VECTOR) {
      IntAxpyVector.quantize(in, from, len, inv, z, out);
      return;
    }
    for (int j = 0; j < len; j++) {
      out[j] = (byte) Math.max(-128, Math.min(127, Math.round(in[from + j] * inv) + z));
    }
  }

  /**
   * Four outputs by four taps: {@code acc[ao + q·aStride + j] += Σ_t w[wo + 4q + t] · v[vo +
   * t·vStride + j]}, {@code q, t < 4}.
   */
  static void block4x4(
      int[] w, int wo, byte[] v, int vo, int vStride, int[] acc, int ao, int aStride, int len) {
    if (VECTOR) {
      IntAxpyVector.block4x4(w, wo, v, vo, vStride, acc, ao, aStride, len);
      return;
    }
    for (int q = 0; q < 4; q++) {
      for (int t = 0; t < 4; t++) {
        axpy(w[wo + 4 * q + t], v, vo + t * vStride, acc, ao + q * aStride, len);
      }
    }
  }

  /**
   * {@code acc[ao + j] += Σ_m s[m] · v[off[m] + j]} over {@code m < count}: the rows taken four at
   * a time, the rest one by one.
   */
  static void axpyRows(int[] s, int[] off, int count, byte[] v, int[] acc, int ao, int len) {
    int m = 0;
    for (; m + 4 <= count; m += 4) {
      axpy4(
          s[m],
          s[m + 1],
          s[m + 2],
          s[m + 3],
          v,
          off[m],
          off[m + 1],
          off[m + 2],
          off[m + 3],
          acc,
          ao,
          len);
    }
    for (; m < count; m++) {
      axpy(s[m], v, off[m], acc, ao, len);
    }
  }
}
