package io.github.compressionlab.measure;

import java.util.Locale;

/**
 * Inference time of one model at one batch size.
 *
 * @param batchSize examples per call
 * @param medianMs median wall time of one call, milliseconds
 * @param p90Ms 90th percentile (nearest rank) of one call, milliseconds
 * @param repeats number of timed calls
 */
public record LatencyResult(int batchSize, double medianMs, double p90Ms, int repeats) {

  /** Median milliseconds per example. */
  public double perExampleMs() {
    return medianMs / batchSize;
  }

  /** Examples per second at the median. */
  public double throughput() {
    return medianMs == 0 ? Double.POSITIVE_INFINITY : batchSize * 1000.0 / medianMs;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "batch %d: median %.3f ms, p90 %.3f ms (%d runs, %.0f examples/s)",
        batchSize,
        medianMs,
        p90Ms,
        repeats,
        throughput());
  }
}
