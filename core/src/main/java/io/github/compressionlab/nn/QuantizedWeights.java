package io.github.compressionlab.nn;

import java.util.Arrays;

/**
 * The integer form of a weighted op in a quantized {@link ModelPlan}, as the integer engine and an
 * exporter (ONNX's QuantizeLinear/DequantizeLinear pairs) read it: symmetric weight levels with one
 * scale per output unit, and the affine int8 grid of the op's input (Jacob et al., "Quantization
 * and Training of Neural Networks for Efficient Integer-Arithmetic-Only Inference", CVPR 2018): a
 * weight is {@code levels[i] · scales[unit]}, an input value {@code (q − inputZeroPoint) ·
 * inputScale}. The output grid of an op is the input grid of the next weighted op; the last one's
 * output is float.
 *
 * @param bits weight bits, 2 to 8 (levels lie in {@code ±(2^(bits−1) − 1)})
 * @param levels one level per weight, in the op's own weight layout (dense {@code [in, out]}, conv
 *     {@code [outC, inC, k, k]}), row-major
 * @param scales one scale per output unit, along the op's {@link LayerConfig.Weighted#outputAxis}
 * @param inputScale step of the input's int8 grid, {@code > 0}
 * @param inputZeroPoint the signed int8 level that stands for a real 0 input
 */
public record QuantizedWeights(
    int bits, byte[] levels, float[] scales, double inputScale, int inputZeroPoint) {
  public QuantizedWeights {
    if (bits < 2 || bits > 8) {
      throw new IllegalArgumentException("integer weights have 2 to 8 bits, got " + bits);
    }
    if (!(inputScale > 0) || Double.isInfinite(inputScale)) {
      throw new IllegalArgumentException(
          "the input grid's scale must be a positive finite number, got " + inputScale);
    }
    if (inputZeroPoint < -128 || inputZeroPoint > 127) {
      throw new IllegalArgumentException(
          "the input zero point is a signed int8 level in -128..127, got " + inputZeroPoint);
    }
  }

  /** Levels that are not zero. */
  public long nonZeroLevels() {
    long n = 0;
    for (byte b : levels) {
      n += b != 0 ? 1 : 0;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuantizedWeights q
        && q.bits == bits
        && Arrays.equals(q.levels, levels)
        && Arrays.equals(q.scales, scales)
        && q.inputScale == inputScale
        && q.inputZeroPoint == inputZeroPoint;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(levels) * 31 + bits;
  }

  @Override
  public String toString() {
    return "QuantizedWeights[int"
        + bits
        + ", "
        + levels.length
        + " levels, "
        + scales.length
        + " scales, input scale "
        + inputScale
        + ", zero point "
        + inputZeroPoint
        + "]";
  }
}
