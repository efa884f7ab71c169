package io.github.compressionlab.prune;

import io.github.compressionlab.measure.Comparison;
import io.github.compressionlab.viz.Numbers;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The seed's before/after table, "connections, time to think, accuracy", filled from measured
 * {@link Comparison} rows: non-zero weights, batch-1 median latency and test accuracy, each also
 * against the first row.
 */
public final class BeforeAfter {
  private BeforeAfter() {}

  /** One row per compared model; the first row is the "before". */
  public static Table of(Comparison comparison) {
    List<Comparison.Row> rows = comparison.rows();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("the comparison is empty; add the original model first");
    }
    Comparison.Row base = rows.get(0);
    StringColumn model = StringColumn.create("model");
    LongColumn connections = LongColumn.create("connections");
    DoubleColumn fewer = DoubleColumn.create("fewer ×");
    DoubleColumn think = DoubleColumn.create("time to think (µs)");
    DoubleColumn faster = DoubleColumn.create("faster × (batch 1)");
    DoubleColumn accuracy = DoubleColumn.create("accuracy %");
    DoubleColumn delta = DoubleColumn.create("Δ accuracy (points)");
    for (Comparison.Row r : rows) {
      model.append(r.label());
      connections.append(r.nonZeroParams());
      fewer.append(Numbers.round((double) base.nonZeroParams() / r.nonZeroParams(), 2));
      think.append(Numbers.round(1000 * r.batch1().medianMs(), 1));
      faster.append(Numbers.round(base.batch1().medianMs() / r.batch1().medianMs(), 2));
      accuracy.append(Numbers.round(100 * r.accuracy(), 2));
      delta.append(Numbers.round(100 * (r.accuracy() - base.accuracy()), 2));
    }
    return Table.create(
        "Before and after pruning", model, connections, fewer, think, faster, accuracy, delta);
  }
}
