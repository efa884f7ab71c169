package io.github.compressionlab.quant.integer;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link IntAxpy}'s kernels on the JDK Vector API: {@code I.length()} int8 weights loaded at once,
 * sign-extended to int32 lanes ({@code vpmovsxbd}), multiplied and added. Loaded only when the
 * {@code jdk.incubator.vector} module is present (see {@link IntAxpy#VECTOR}).
 *
 * <p>JDK 17's Vector API has no int8 dot-product operation, so AVX-512 VNNI's {@code vpdpbusd} (64
 * int8 multiply-adds per instruction) is out of reach; this kernel does 16 multiply-adds per {@code
 * vpmulld}, the same count as a float FMA.
 */
final class IntAxpyVector {
  private IntAxpyVector() {}

  private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
  private static final int L = I.length();
  private static final VectorSpecies<Byte> B =
      VectorSpecies.of(byte.class, VectorShape.forBitSize(I.vectorBitSize() / 4));

  private static final VectorSpecies<Float> F =
      VectorSpecies.of(float.class, VectorShape.forBitSize(I.vectorBitSize()));

  static int lanes() {
    return L;
  }

  /** At least 8 int lanes (AVX2); narrower vectors are not worth the incubator module. */
  static boolean usable() {
    return L >= 8 && B.length() == L && F.length() == L;
  }

  /** {@code out[oo + j] = clamp(Math.round(acc[ao + j] · m + b), lo, 127)}, {@code j < len}. */
  static void requantize(int[] acc, int ao, int len, float m, float b, int lo, byte[] out, int oo) {
    int j = 0;
    for (int bound = len - L; j <= bound; j += L) {
      FloatVector x =
          ((FloatVector) IntVector.fromArray(I, acc, ao + j).convert(VectorOperators.I2F, 0))
              .mul(m)
              .add(b);
      store(roundClamp(x, lo, 127), out, oo + j);
    }
    for (; j < len; j++) {
      out[oo + j] = (byte) Math.max(lo, Math.min(127, Math.round(acc[ao + j] * m + b)));
    }
  }

  /** {@code out[j] = clamp(Math.round(in[from + j] · inv) + z, −128, 127)}, {@code j < len}. */
  static void quantize(float[] in, int from, int len, float inv, int z, byte[] out) {
    int j = 0;
    for (int bound = len - L; j <= bound; j += L) {
      FloatVector x = FloatVector.fromArray(F, in, from + j).mul(inv);
      store(roundClamp(x, -128 - z, 127 - z).add(z), out, j);
    }
    for (; j < len; j++) {
      out[j] = (byte) Math.max(-128, Math.min(127, Math.round(in[from + j] * inv) + z));
    }
  }

  /** 1.5·2^23: adding it to |y| < 2^22 leaves y rounded to an integer in the low mantissa bits. */
  private static final float MAGIC = 0x1.8p23f;

  private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);

  /**
   * {@code clamp(Math.round(x), lo, hi)} lane by lane ({@code |lo|, |hi| ≤ 255}), without a
   * float-to-int conversion (JDK 17 does not compile the Vector API's F2I to a vector instruction
   * here; it falls back to a slow lane loop): {@code floor(x) + (x − floor(x) ≥ ½)}, both steps
   * exact, so halves and 0.49999997 round as Math.round does; the floor comes from rounding to
   * nearest with the magic-number add. NaN becomes 0, as in Math.round; magnitudes beyond 2^21 are
   * clamped first (they clamp to the int8 range either way).
   */
  private static IntVector roundClamp(FloatVector x, int lo, int hi) {
    x = x.blend(0f, x.compare(VectorOperators.NE, x)).max(-0x1p21f).min(0x1p21f);
    FloatVector nearest = x.add(MAGIC).sub(MAGIC);
    FloatVector floor = nearest.sub(1f, nearest.compare(VectorOperators.GT, x));
    FloatVector q = floor.add(1f, x.sub(floor).compare(VectorOperators.GE, 0.5f));
    q = q.max((float) lo).min((float) hi).add(MAGIC);
    return q.reinterpretAsInts().sub(MAGIC_BITS);
  }

  private static void store(IntVector q, byte[] out, int at) {
    q.convertShape(VectorOperators.I2B, B, 0).reinterpretAsBytes().intoArray(out, at);
  }

  static void axpy(int s, byte[] v, int vo, int[] acc, int ao, int len) {
    int j = 0;
    for (int bound = len - L; j <= bound; j += L) {
      IntVector.fromArray(I, acc, ao + j).add(widen(v, vo + j).mul(s)).intoArray(acc, ao + j);
    }
    for (; j < len; j++) {
      acc[ao + j] += s * v[vo + j];
    }
  }

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
    int j = 0;
    for (int bound = len - L; j <= bound; j += L) {
      IntVector a = IntVector.fromArray(I, acc, ao + j);
      a = a.add(widen(v, v0 + j).mul(s0));
      a = a.add(widen(v, v1 + j).mul(s1));
      a = a.add(widen(v, v2 + j).mul(s2));
      a = a.add(widen(v, v3 + j).mul(s3));
      a.intoArray(acc, ao + j);
    }
    for (; j < len; j++) {
      acc[ao + j] += s0 * v[v0 + j] + s1 * v[v1 + j] + s2 * v[v2 + j] + s3 * v[v3 + j];
    }
  }

  /**
   * Four outputs by four taps: {@code acc[ao + q·aStride + j] += Σ_t w[wo + 4q + t] · v[vo +
   * t·vStride + j]}, {@code q, t < 4}; each widened row of {@code v} serves four outputs.
   */
  static void block4x4(
      int[] w, int wo, byte[] v, int vo, int vStride, int[] acc, int ao, int aStride, int len) {
    int w00 = w[wo];
    int w01 = w[wo + 1];
    int w02 = w[wo + 2];
    int w03 = w[wo + 3];
    int w10 = w[wo + 4];
    int w11 = w[wo + 5];
    int w12 = w[wo + 6];
    int w13 = w[wo + 7];
    int w20 = w[wo + 8];
    int w21 = w[wo + 9];
    int w22 = w[wo + 10];
    int w23 = w[wo + 11];
    int w30 = w[wo + 12];
    int w31 = w[wo + 13];
    int w32 = w[wo + 14];
    int w33 = w[wo + 15];
    int a1 = ao + aStride;
    int a2 = a1 + aStride;
    int a3 = a2 + aStride;
    int j = 0;
    for (int bound = len - L; j <= bound; j += L) {
      IntVector c0 = widen(v, vo + j);
      IntVector c1 = widen(v, vo + vStride + j);
      IntVector c2 = widen(v, vo + 2 * vStride + j);
      IntVector c3 = widen(v, vo + 3 * vStride + j);
      IntVector.fromArray(I, acc, ao + j)
          .add(c0.mul(w00))
          .add(c1.mul(w01))
          .add(c2.mul(w02))
          .add(c3.mul(w03))
          .intoArray(acc, ao + j);
      IntVector.fromArray(I, acc, a1 + j)
          .add(c0.mul(w10))
          .add(c1.mul(w11))
          .add(c2.mul(w12))
          .add(c3.mul(w13))
          .intoArray(acc, a1 + j);
      IntVector.fromArray(I, acc, a2 + j)
          .add(c0.mul(w20))
          .add(c1.mul(w21))
          .add(c2.mul(w22))
          .add(c3.mul(w23))
          .intoArray(acc, a2 + j);
      IntVector.fromArray(I, acc, a3 + j)
          .add(c0.mul(w30))
          .add(c1.mul(w31))
          .add(c2.mul(w32))
          .add(c3.mul(w33))
          .intoArray(acc, a3 + j);
    }
    for (; j < len; j++) {
      for (int q = 0; q < 4; q++) {
        int s = 0;
        for (int t = 0; t < 4; t++) {
          s += w[wo + 4 * q + t] * v[vo + t * vStride + j];
        }
        acc[ao + q * aStride + j] += s;
      }
    }
  }

  private static IntVector widen(byte[] v, int at) {
    return (IntVector) ByteVector.fromArray(B, v, at).convertShape(VectorOperators.B2I, I, 0);
  }
}
