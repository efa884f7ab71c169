package io.github.compressionlab.quant.scheme;

/** A closed interval of real values, {@code min <= max}, both finite. */
public record Range(double min, double max) {
  public Range {
    if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
      throw new IllegalArgumentException(
          "a range needs finite min <= max, got [" + min + ", " + max + "]");
    }
  }

  public double width() {
    return max - min;
  }
}
