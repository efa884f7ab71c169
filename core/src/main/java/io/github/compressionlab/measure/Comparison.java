package io.github.compressionlab.measure;

import io.github.compressionlab.TableView;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.Evaluation;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.viz.Numbers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Models side by side: accuracy on a test set, parameters, non-zero parameters, file size and
 * latency at batch 1 and a larger batch, with ratios against the first model added (the baseline).
 * Each {@code add} measures the model at once, so later changes to it don't alter its row.
 *
 * <pre>{@code
 * var c = new Comparison();
 * c.add("teacher", teacher, test);
 * c.add("pruned 80%", pruned, test);
 * c.table();
 * }</pre>
 */
public final class Comparison implements TableView {
  /**
   * Untimed batch-1 calls at least, whatever {@link LatencySettings#warmup} says: plain-Java and
   * integer engines run slowly until the JIT has compiled their loops (some hundreds of calls), and
   * a batch-1 call costs well under a millisecond.
   */
  public static final int BATCH1_MIN_WARMUP = 300;

  /**
   * How latency is measured for every row.
   *
   * @param largeBatch the second batch size timed (the first is 1)
   * @param warmup untimed calls before timing (at batch 1 at least {@link #BATCH1_MIN_WARMUP})
   * @param repeats timed calls per batch size
   */
  public record LatencySettings(int largeBatch, int warmup, int repeats) {
    public LatencySettings {
      if (largeBatch < 1 || warmup < 0 || repeats < 1) {
        throw new IllegalArgumentException(
            "need largeBatch >= 1, warmup >= 0, repeats >= 1; got "
                + largeBatch
                + ", "
                + warmup
                + ", "
                + repeats);
      }
    }

    /** Batch 64, 5 warm-up calls, 20 timed calls. */
    public static LatencySettings defaults() {
      return new LatencySettings(64, Latency.DEFAULT_WARMUP, Latency.DEFAULT_REPEATS);
    }
  }

  /**
   * One measured model.
   *
   * @param label the name shown in the table
   * @param accuracy fraction of the test set classified correctly
   * @param params parameters
   * @param nonZeroParams parameters that are not zero
   * @param fileBytes size of the model's file
   * @param batch1 latency at batch 1
   * @param batchN latency at the large batch
   */
  public record Row(
      String label,
      double accuracy,
      long params,
      long nonZeroParams,
      long fileBytes,
      LatencyResult batch1,
      LatencyResult batchN) {

    /**
     * This row against {@code baseline}: how many times fewer non-zero parameters, how many times
     * smaller a file, how many times faster at batch 1 and at the large batch, and the change in
     * accuracy in points. A ratio is NaN where this row's figure is zero.
     */
    public Against against(Row baseline) {
      if (baseline == null) {
        throw new IllegalArgumentException(
            "give the row to compare with, e.g. comparison.rows().get(0)");
      }
      return new Against(
          label,
          baseline.label(),
          ratio(baseline.nonZeroParams(), nonZeroParams),
          ratio(baseline.fileBytes(), fileBytes),
          ratio(baseline.batch1().medianMs(), batch1.medianMs()),
          ratio(baseline.batchN().medianMs(), batchN.medianMs()),
          batchN.batchSize(),
          100 * (accuracy - baseline.accuracy()));
    }
  }

  /**
   * One measured model against a baseline; every ratio is the baseline's figure over this model's,
   * so above 1 means this model needs less.
   *
   * @param label this model's label
   * @param baseline the baseline's label
   * @param fewerConnections non-zero parameters of the baseline over this model's
   * @param smallerFile file bytes of the baseline over this model's
   * @param fasterAtBatch1 the baseline's median batch-1 latency over this model's
   * @param fasterAtLargeBatch the baseline's median latency at {@code largeBatch} over this model's
   * @param largeBatch the large batch size both were timed at
   * @param accuracyPoints this model's accuracy minus the baseline's, in percentage points
   */
  public record Against(
      String label,
      String baseline,
      double fewerConnections,
      double smallerFile,
      double fasterAtBatch1,
      double fasterAtLargeBatch,
      int largeBatch,
      double accuracyPoints) {}

  private final LatencySettings settings;
  private final List<Row> rows = new ArrayList<>();

  /** A comparison with {@link LatencySettings#defaults()}. */
  public Comparison() {
    this(LatencySettings.defaults());
  }

  public Comparison(LatencySettings settings) {
    this.settings = settings;
  }

  /** Measures a {@link Sequential}: its stats come from {@link ModelStats#of}. */
  public Comparison add(String label, Sequential model, Dataset test) {
    ModelStats s = ModelStats.of(model);
    return add(label, model, s.fileBytes(), s.params(), s.nonZeroParams(), test);
  }

  /**
   * Measures any model (quantized, sparse, ...) whose size facts the caller supplies, since only
   * the caller knows how such a model is stored.
   */
  public Comparison add(
      String label, InferenceModel model, long fileBytes, long params, long nonZero, Dataset test) {
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException(
          "every model in a comparison needs a label, e.g. \"pruned 50%\"");
    }
    if (model.numClasses() != test.numClasses()) {
      throw new IllegalArgumentException(
          "model '"
              + label
              + "' has "
              + model.numClasses()
              + " outputs but the test set has "
              + test.numClasses()
              + " classes");
    }
    double accuracy = Evaluation.of(model, test).accuracy();
    LatencyResult b1 =
        Latency.measure(
            model, 1, Math.max(settings.warmup(), BATCH1_MIN_WARMUP), settings.repeats());
    LatencyResult bn =
        Latency.measure(model, settings.largeBatch(), settings.warmup(), settings.repeats());
    rows.add(new Row(label, accuracy, params, nonZero, fileBytes, b1, bn));
    return this;
  }

  /** The measured rows, in the order added. */
  public List<Row> rows() {
    return Collections.unmodifiableList(rows);
  }

  /**
   * Row {@code row} (counted from 0, in the order added) against row 0, the baseline: {@code
   * comparison.against(1).fasterAtBatch1()}.
   *
   * @throws IllegalArgumentException if there is no such row
   */
  public Against against(int row) {
    if (row < 0 || row >= rows.size()) {
      throw new IllegalArgumentException(
          "there is no row "
              + row
              + ": the comparison has "
              + rows.size()
              + " rows, numbered from 0 (the baseline) to "
              + (rows.size() - 1)
              + " in the order they were added");
    }
    return rows.get(row).against(rows.get(0));
  }

  /**
   * One row per model: model, accuracy %, params, non-zero, file KB, batch-1 ms, batch-N ms
   * (medians), then against the first row: Δ accuracy (points), smaller × (file size ratio) and
   * faster × (batch N) (batch-N latency ratio; the column name says N).
   */
  @Override
  public Table table() {
    String bn = "batch-" + settings.largeBatch() + " ms";
    StringColumn model = StringColumn.create("model");
    DoubleColumn acc = DoubleColumn.create("accuracy %");
    LongColumn params = LongColumn.create("params");
    LongColumn nonZero = LongColumn.create("non-zero");
    DoubleColumn kb = DoubleColumn.create("file KB");
    DoubleColumn ms1 = DoubleColumn.create("batch-1 ms");
    DoubleColumn msN = DoubleColumn.create(bn);
    DoubleColumn dAcc = DoubleColumn.create("Δ accuracy pts");
    DoubleColumn smaller = DoubleColumn.create("smaller ×");
    DoubleColumn faster = DoubleColumn.create("faster × (batch " + settings.largeBatch() + ")");
    Row base = rows.isEmpty() ? null : rows.get(0);
    for (Row r : rows) {
      Against a = r.against(base);
      model.append(r.label());
      acc.append(Numbers.round(100 * r.accuracy(), 2));
      params.append(r.params());
      nonZero.append(r.nonZeroParams());
      kb.append(Numbers.round(r.fileBytes() / 1024.0, 1));
      ms1.append(Numbers.round(r.batch1().medianMs(), 3));
      msN.append(Numbers.round(r.batchN().medianMs(), 3));
      dAcc.append(Numbers.round(a.accuracyPoints(), 2));
      smaller.append(Numbers.round(a.smallerFile(), 2));
      faster.append(Numbers.round(a.fasterAtLargeBatch(), 2));
    }
    acc.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
    kb.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
    ms1.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
    msN.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
    dAcc.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
    smaller.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
    faster.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
    return Table.create(
        "Comparison", model, acc, params, nonZero, kb, ms1, msN, dAcc, smaller, faster);
  }

  private static double ratio(double base, double value) {
    return value == 0 ? Double.NaN : base / value;
  }

  @Override
  public String toString() {
    return table().print();
  }
}
