package io.github.compressionlab.io;

/**
 * Conversions between float and the 16-bit formats: IEEE 754 binary16 (F16) and bfloat16 (the top
 * 16 bits of a float32). Float-to-16-bit rounds to nearest, ties to even, as hardware does.
 */
final class Half {
  private Half() {}

  /** binary16 bits → float (exact). */
  static float toFloat(short h) {
    int bits = h & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1F;
    int mant = bits & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13)); // inf or NaN
    }
    if (exp == 0) {
      if (mant == 0) {
        return Float.intBitsToFloat(sign); // ±0
      }
      float v = mant * 0x1p-24f; // subnormal: mant × 2^-24
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** float → binary16 bits, round to nearest even; overflow gives ±infinity. */
  static short fromFloat(float f) {
    int x = Float.floatToRawIntBits(f);
    int sign = (x >>> 16) & 0x8000;
    int exp = (x >>> 23) & 0xFF;
    int mant = x & 0x7FFFFF;
    if (exp == 0xFF) {
      return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1F) {
      return (short) (sign | 0x7C00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign; // too small even for a subnormal
      }
      mant |= 0x800000; // implicit leading 1
      int shift = 14 - e;
      int half = mant >>> shift;
      int rest = mant & ((1 << shift) - 1);
      int halfway = 1 << (shift - 1);
      if (rest > halfway || (rest == halfway && (half & 1) == 1)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (e << 10) | (mant >>> 13);
    int rest = mant & 0x1FFF;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
      half++; // may carry into the exponent, which is right (up to infinity)
    }
    return (short) (sign | half);
  }

  /** bfloat16 bits → float (exact). */
  static float bf16ToFloat(short b) {
    return Float.intBitsToFloat((b & 0xFFFF) << 16);
  }

  /** float → bfloat16 bits, round to nearest even; NaN stays NaN. */
  static short bf16FromFloat(float f) {
    int x = Float.floatToRawIntBits(f);
    if ((x & 0x7FFFFFFF) > 0x7F800000) {
      return (short) ((x >>> 16) | 0x40); // quiet NaN
    }
    int rounded = x + 0x7FFF + ((x >>> 16) & 1);
    return (short) (rounded >>> 16);
  }
}
