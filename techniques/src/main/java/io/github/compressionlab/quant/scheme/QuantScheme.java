package io.github.compressionlab.quant.scheme;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How real values become integers: the bit width (2 to 16), the mapping (symmetric around 0, or
 * asymmetric with a zero point) and the granularity (one scale for the whole tensor, or one per
 * output channel). Rounding is to the nearest level (ties to even).
 *
 * <ul>
 *   <li>Symmetric: levels {@code −(2^(b−1)−1) … 2^(b−1)−1} (−127…127 for 8 bits, −7…7 for 4: the
 *       "restricted range", so 0 is exact and the grid is mirror-symmetric), zero point 0, {@code
 *       scale = max|x| / (2^(b−1)−1)}.
 *   <li>Asymmetric: levels {@code 0 … 2^b−1}, the range {@code [min, max]} widened to contain 0,
 *       {@code scale = (max − min) / (2^b − 1)}, {@code zeroPoint = rint(−min / scale)}.
 * </ul>
 *
 * @param bits bit width, 2 to 16
 * @param mapping symmetric or asymmetric
 * @param granularity per tensor or per output channel
 */
public record QuantScheme(int bits, Mapping mapping, Granularity granularity) {
  /** Symmetric (zero point 0) or asymmetric (with a zero point). */
  public enum Mapping {
    SYMMETRIC,
    ASYMMETRIC
  }

  /** One scale per tensor, or one per output channel. */
  public enum Granularity {
    PER_TENSOR,
    PER_CHANNEL
  }

  public QuantScheme {
    if (bits < 2 || bits > 16) {
      throw new IllegalArgumentException(
          "bit width must be between 2 and 16, got "
              + bits
              + "; use 8 for int8, 4 for int4 (16-bit floats are HalfPrecision's job)");
    }
    if (mapping == null || granularity == null) {
      throw new IllegalArgumentException(
          "a quantization scheme needs a mapping and a granularity, e.g. new QuantScheme(8,"
              + " Mapping.SYMMETRIC, Granularity.PER_CHANNEL)");
    }
  }

  /** Symmetric, per output channel: the usual choice for weights. */
  public static QuantScheme weights(int bits) {
    return new QuantScheme(bits, Mapping.SYMMETRIC, Granularity.PER_CHANNEL);
  }

  /** Asymmetric, per tensor: the usual choice for activations. */
  public static QuantScheme activations(int bits) {
    return new QuantScheme(bits, Mapping.ASYMMETRIC, Granularity.PER_TENSOR);
  }

  public QuantScheme withBits(int b) {
    return new QuantScheme(b, mapping, granularity);
  }

  public QuantScheme withGranularity(Granularity g) {
    return new QuantScheme(bits, mapping, g);
  }

  public QuantScheme withMapping(Mapping m) {
    return new QuantScheme(bits, m, granularity);
  }

  public boolean symmetric() {
    return mapping == Mapping.SYMMETRIC;
  }

  /** Smallest integer level. */
  public int qmin() {
    return symmetric() ? -((1 << (bits - 1)) - 1) : 0;
  }

  /** Largest integer level. */
  public int qmax() {
    return symmetric() ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
  }

  /** The parameters that cover {@code [min, max]} with this scheme's levels. */
  public QuantParams forRange(double min, double max) {
    if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
      throw new IllegalArgumentException(
          "a quantization range needs finite min <= max, got ["
              + min
              + ", "
              + max
              + "]; check the data for NaN or infinite values");
    }
    int qmin = qmin();
    int qmax = qmax();
    if (symmetric()) {
      double a = Math.max(Math.abs(min), Math.abs(max));
      double scale = a > 0 ? a / qmax : 1.0;
      return new QuantParams(scale, 0, qmin, qmax);
    }
    double lo = Math.min(min, 0);
    double hi = Math.max(max, 0);
    double scale = hi > lo ? (hi - lo) / (qmax - qmin) : 1.0;
    int zp = (int) Math.max(qmin, Math.min(qmax, qmin - Math.rint(lo / scale)));
    return new QuantParams(scale, zp, qmin, qmax);
  }

  /** The parameters that cover {@code values} (one tensor or channel). */
  public QuantParams forValues(float[] values) {
    return forValues(values, "tensor");
  }

  QuantParams forValues(float[] values, String what) {
    double min = 0;
    double max = 0;
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      if (!Float.isFinite(v)) {
        throw notFinite(what, i, v);
      }
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return forRange(min, max);
  }

  /**
   * Quantizes {@code w}; with {@link Granularity#PER_CHANNEL} every index along {@code channelAxis}
   * gets its own parameters (axis 1 for a Dense weight {@code [in, out]}, axis 0 for a Conv2d
   * weight {@code [out, in, k, k]}); {@link Granularity#PER_TENSOR} ignores the axis.
   *
   * @throws IllegalArgumentException if a value is NaN or infinite
   */
  public QuantizedTensor quantize(INDArray w, int channelAxis) {
    long[] shape = w.shape();
    float[] v = w.castTo(DataType.FLOAT).dup('c').data().asFloat();
    if (granularity == Granularity.PER_TENSOR || shape.length == 0) {
      QuantParams p = forValues(v);
      int[] q = new int[v.length];
      for (int i = 0; i < v.length; i++) {
        q[i] = p.quantize(v[i]);
      }
      return new QuantizedTensor(this, shape, q, new QuantParams[] {p}, -1);
    }
    if (channelAxis < 0 || channelAxis >= shape.length) {
      throw new IllegalArgumentException(
          "channel axis "
              + channelAxis
              + " is outside a tensor of rank "
              + shape.length
              + "; use 1 for a Dense weight [in, out], 0 for a Conv2d weight [out, in, k, k]");
    }
    int channels = (int) shape[channelAxis];
    int inner = 1;
    for (int d = channelAxis + 1; d < shape.length; d++) {
      inner *= (int) shape[d];
    }
    double[] min = new double[channels];
    double[] max = new double[channels];
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw notFinite("tensor", i, v[i]);
      }
      int c = (i / inner) % channels;
      min[c] = Math.min(min[c], v[i]);
      max[c] = Math.max(max[c], v[i]);
    }
    QuantParams[] params = new QuantParams[channels];
    for (int c = 0; c < channels; c++) {
      params[c] = forRange(min[c], max[c]);
    }
    int[] q = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      q[i] = params[(i / inner) % channels].quantize(v[i]);
    }
    return new QuantizedTensor(this, shape, q, params, channelAxis);
  }

  static IllegalArgumentException notFinite(String what, int index, float v) {
    return new IllegalArgumentException(
        String.format(
            Locale.ROOT,
            "cannot quantize a %s holding %s (at flat index %d): quantization needs finite"
                + " values; retrain with a lower learning rate or fix the weights first",
            what,
            v,
            index));
  }

  @Override
  public String toString() {
    return bits
        + "-bit "
        + mapping.name().toLowerCase(Locale.ROOT)
        + " "
        + granularity.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
