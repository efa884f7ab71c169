package io.github.compressionlab.pipeline;

import io.github.compressionlab.viz.Numbers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The tables a pipeline's result shows. */
final class Reports {
  private Reports() {}

  static Table steps(Pipeline.Result result) {
    IntColumn index = IntColumn.create("#");
    StringColumn step = StringColumn.create("step");
    StringColumn technique = StringColumn.create("technique");
    StringColumn format = StringColumn.create("stored as");
    DoubleColumn accuracy = DoubleColumn.create("accuracy %");
    LongColumn params = LongColumn.create("params");
    LongColumn nonZeros = LongColumn.create("non-zeros");
    DoubleColumn kb = DoubleColumn.create("file KB");
    DoubleColumn smaller = DoubleColumn.create("x smaller");
    DoubleColumn ms = DoubleColumn.create("batch-1 ms");
    DoubleColumn faster = DoubleColumn.create("x faster (batch 1)");
    StringColumn engine = StringColumn.create("engine");
    DoubleColumn seconds = DoubleColumn.create("step s");
    Pipeline.Row first = result.first();
    for (Pipeline.Row r : result.rows()) {
      index.append(r.index());
      step.append(r.step());
      technique.append(r.technique());
      format.append(r.format());
      accuracy.append(Numbers.round(100 * r.accuracy(), 2));
      params.append(r.params());
      nonZeros.append(r.nonZeros());
      kb.append(Numbers.round(r.fileBytes() / 1024.0, 1));
      smaller.append(Numbers.round((double) first.fileBytes() / r.fileBytes(), 1));
      ms.append(Numbers.round(r.latencyMs(), 3));
      faster.append(Numbers.round(first.latencyMs() / r.latencyMs(), 2));
      engine.append(r.engine().label());
      seconds.append(Numbers.round(r.seconds(), 1));
    }
    return Table.create(
        "Pipeline, step by step",
        index,
        step,
        technique,
        format,
        accuracy,
        params,
        nonZeros,
        kb,
        smaller,
        ms,
        faster,
        engine,
        seconds);
  }

  static Table withoutVsWith(Pipeline.Row without, Pipeline.Row with) {
    StringColumn what = StringColumn.create("");
    StringColumn before = StringColumn.create("without compression");
    StringColumn after = StringColumn.create("with compression");
    StringColumn change = StringColumn.create("change");
    what.append("file size");
    before.append(kb(without.fileBytes()));
    after.append(kb(with.fileBytes()));
    change.append(
        String.format(
            java.util.Locale.ROOT,
            "%.1fx smaller",
            (double) without.fileBytes() / with.fileBytes()));
    what.append("batch-1 latency");
    before.append(
        String.format(
            java.util.Locale.ROOT, "%.3f ms (%s)", without.latencyMs(), without.engine().label()));
    after.append(
        String.format(
            java.util.Locale.ROOT, "%.3f ms (%s)", with.latencyMs(), with.engine().label()));
    change.append(
        String.format(
            java.util.Locale.ROOT,
            "%.1fx faster at batch 1",
            without.latencyMs() / with.latencyMs()));
    what.append("test accuracy");
    before.append(String.format(java.util.Locale.ROOT, "%.2f%%", 100 * without.accuracy()));
    after.append(String.format(java.util.Locale.ROOT, "%.2f%%", 100 * with.accuracy()));
    change.append(
        String.format(
            java.util.Locale.ROOT, "%+.2f points", 100 * (with.accuracy() - without.accuracy())));
    what.append("parameters");
    before.append(String.format(java.util.Locale.ROOT, "%,d", without.params()));
    after.append(String.format(java.util.Locale.ROOT, "%,d", with.params()));
    change.append(
        String.format(
            java.util.Locale.ROOT, "%.1fx fewer", (double) without.params() / with.params()));
    return Table.create("Without vs with compression", what, before, after, change);
  }

  private static String kb(long bytes) {
    return String.format(java.util.Locale.ROOT, "%,.1f KB", bytes / 1024.0);
  }
}
