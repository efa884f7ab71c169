package io.github.compressionlab.quant.scheme;

/**
 * The affine map of one tensor or channel: {@code q = clamp(rint(x / scale) + zeroPoint, qmin,
 * qmax)} and back {@code x ≈ (q − zeroPoint) · scale} (Jacob et al., "Quantization and Training of
 * Neural Networks for Efficient Integer-Arithmetic-Only Inference", CVPR 2018, eq. 1). Rounding is
 * to the nearest level, ties to even ({@link Math#rint}).
 *
 * @param scale the step between neighbouring levels, {@code > 0}
 * @param zeroPoint the integer that stands for the real value 0
 * @param qmin smallest integer level
 * @param qmax largest integer level
 */
public record QuantParams(double scale, int zeroPoint, int qmin, int qmax) {
  public QuantParams {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException(
          "a quantization scale must be a positive finite number, got " + scale);
    }
    if (qmin >= qmax || zeroPoint < qmin || zeroPoint > qmax) {
      throw new IllegalArgumentException(
          "need qmin < qmax and qmin <= zeroPoint <= qmax; got qmin="
              + qmin
              + ", qmax="
              + qmax
              + ", zeroPoint="
              + zeroPoint);
    }
  }

  /** The integer level of {@code x}: nearest level, clamped to {@code [qmin, qmax]}. */
  public int quantize(double x) {
    double q = Math.rint(x / scale) + zeroPoint;
    return (int) Math.max(qmin, Math.min(qmax, q));
  }

  /** The real value level {@code q} stands for. */
  public double dequantize(int q) {
    return (q - zeroPoint) * scale;
  }

  /** {@code dequantize(quantize(x))}: what survives of {@code x}. */
  public double roundTrip(double x) {
    return dequantize(quantize(x));
  }

  /** Smallest representable real value. */
  public double min() {
    return dequantize(qmin);
  }

  /** Largest representable real value. */
  public double max() {
    return dequantize(qmax);
  }

  /** Every representable real value, smallest first: the grid on the number line. */
  public double[] levels() {
    double[] v = new double[qmax - qmin + 1];
    for (int q = qmin; q <= qmax; q++) {
      v[q - qmin] = dequantize(q);
    }
    return v;
  }
}
