package io.github.compressionlab.pipeline;

/** Hand-made pipeline rows for the report tests (no model behind them). */
final class ReportRows {
  private ReportRows() {}

  /** A row with these figures; the model, engine and file are absent. */
  static Pipeline.Row row(int index, String step, long bytes, double latencyMs, double accuracy) {
    return new Pipeline.Row(
        index,
        step,
        index == 0 ? "none" : "technique " + index,
        "float32",
        accuracy,
        1000,
        1000,
        bytes,
        latencyMs,
        null,
        1,
        null);
  }

  /**
   * A teacher (4,000 bytes, 0.4 ms, 90%) and {@code end} as its last step: file 4,000 / end bytes
   * smaller, 0.4 / end ms faster.
   */
  static Pipeline.Result result(long endBytes, double endMs, double endAccuracy) {
    return new Pipeline.Result(
        java.util.List.of(
            row(0, "teacher", 4000, 0.4, 0.90),
            row(1, "student", 1000, 0.2, 0.89),
            row(2, "int8", endBytes, endMs, endAccuracy)));
  }
}
