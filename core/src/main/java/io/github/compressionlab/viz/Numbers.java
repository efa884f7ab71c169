package io.github.compressionlab.viz;

import java.math.BigDecimal;

/** How the lab's tables and labels write numbers: rounded for columns, plain for names. */
public final class Numbers {
  private Numbers() {}

  /** {@code v} rounded half-up to {@code digits} decimals; NaN and infinities as they are. */
  public static double round(double v, int digits) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return v;
    }
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  /** Every value rounded with {@link #round(double, int)}. */
  public static double[] round(double[] values, int digits) {
    double[] r = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      r[i] = round(values[i], digits);
    }
    return r;
  }

  /** The shortest plain decimal: {@code 4} for 4.0, {@code 0.1}, {@code 0.0001} (never 1.0E-4). */
  public static String plain(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
