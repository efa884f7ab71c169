package io.github.compressionlab.quant;

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

  private static IntVector widen(byte[] v, int at) {
    return (IntVector) ByteVector.fromArray(B, v, at).convertShape(VectorOperators.B2I, I, 0);
  }
}
