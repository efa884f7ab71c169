package io.github.compressionlab.nas;

import java.util.Locale;

/**
 * Limits an architecture must meet: at most {@code maxParams} trainable parameters, at most {@code
 * maxFlops} FLOPs per example, and a measured batch-1 median latency of at most {@code
 * maxLatencyMs}. {@link #none()} has no limits; add them with the {@code with...} methods.
 */
public record Constraints(long maxParams, long maxFlops, double maxLatencyMs) {
  public Constraints {
    if (maxParams < 1 || maxFlops < 1 || !(maxLatencyMs > 0)) {
      throw new IllegalArgumentException(
          "constraints must be positive (use none() for no limit); got "
              + describe(maxParams, maxFlops, maxLatencyMs));
    }
  }

  /** No limits. */
  public static Constraints none() {
    return new Constraints(Long.MAX_VALUE, Long.MAX_VALUE, Double.POSITIVE_INFINITY);
  }

  public Constraints withMaxParams(long maxParams) {
    return new Constraints(maxParams, maxFlops, maxLatencyMs);
  }

  public Constraints withMaxFlops(long maxFlops) {
    return new Constraints(maxParams, maxFlops, maxLatencyMs);
  }

  public Constraints withMaxLatencyMs(double maxLatencyMs) {
    return new Constraints(maxParams, maxFlops, maxLatencyMs);
  }

  public boolean limitsLatency() {
    return maxLatencyMs != Double.POSITIVE_INFINITY;
  }

  /** True if the counted sizes fit (latency is checked separately, once measured). */
  public boolean allows(long params, long flops) {
    return params <= maxParams && flops <= maxFlops;
  }

  @Override
  public String toString() {
    return describe(maxParams, maxFlops, maxLatencyMs);
  }

  private static String describe(long maxParams, long maxFlops, double maxLatencyMs) {
    StringBuilder s = new StringBuilder("Constraints[");
    s.append(
        maxParams == Long.MAX_VALUE
            ? "params any"
            : String.format(Locale.ROOT, "params <= %,d", maxParams));
    s.append(
        maxFlops == Long.MAX_VALUE
            ? ", FLOPs any"
            : String.format(Locale.ROOT, ", FLOPs <= %,d", maxFlops));
    s.append(
        maxLatencyMs == Double.POSITIVE_INFINITY
            ? ", latency any"
            : String.format(Locale.ROOT, ", latency <= %.3f ms", maxLatencyMs));
    return s.append(']').toString();
  }
}
