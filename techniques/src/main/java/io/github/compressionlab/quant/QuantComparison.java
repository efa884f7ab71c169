package io.github.compressionlab.quant;

import io.github.compressionlab.TableView;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.measure.Comparison;
import io.github.compressionlab.measure.ModelStats;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.quant.integer.QuantizedModel;
import io.github.compressionlab.viz.Numbers;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * A float model and its quantized versions side by side: {@link Comparison}'s accuracy, size and
 * latency at batch 1 and 64, plus the agreement with the float model (the share of test images on
 * which both predict the same class), the file size as a percentage of the float32 file, and the
 * speed-up over the float model at each of the two batch sizes, each column naming its batch. The
 * float model is the first row.
 */
public final class QuantComparison implements TableView {
  private final Comparison comparison;
  private final Comparison.LatencySettings latency;
  private final Dataset test;
  private final int[] reference;
  private final List<Double> agreement = new ArrayList<>();

  /** Measures {@code floatModel} as the baseline row, labelled {@code "float32"}. */
  public QuantComparison(Sequential floatModel, Dataset test) {
    this(floatModel, test, Comparison.LatencySettings.defaults());
  }

  public QuantComparison(Sequential floatModel, Dataset test, Comparison.LatencySettings latency) {
    this.comparison = new Comparison(latency);
    this.latency = latency;
    this.test = test;
    this.reference = classes(floatModel, test);
    ModelStats s = ModelStats.of(floatModel);
    add("float32", floatModel, s.fileBytes(), s.params());
  }

  /** Measures {@code model}, stored in {@code fileBytes} bytes. */
  public QuantComparison add(String label, InferenceModel model, long fileBytes, long params) {
    comparison.add(label, model, fileBytes, params, params, test);
    agreement.add(agreement(reference, classes(model, test)));
    return this;
  }

  /** Measures another float model (a fine-tuned control, ...) with its own file and parameters. */
  public QuantComparison add(String label, Sequential model) {
    ModelStats s = ModelStats.of(model);
    return add(label, model, s.fileBytes(), s.params());
  }

  /** Measures a quantized model with its own file size. */
  public QuantComparison add(String label, QuantizedModel model) {
    return add(label, model, model.fileBytes(), model.params());
  }

  /** The rows as measured (accuracy, bytes, latencies). */
  public List<Comparison.Row> rows() {
    return comparison.rows();
  }

  /** Agreement with the float model of each row, in {@code [0, 1]}. */
  public List<Double> agreement() {
    return List.copyOf(agreement);
  }

  /**
   * {@link Comparison#table()} with "agreement %" and "file % of f32" columns, and its speed-up
   * column, named for the batch it measures ("faster × (batch 64)"), next to the same at batch 1.
   */
  @Override
  public Table table() {
    Table t = comparison.table();
    String large = "faster × (batch " + latency.largeBatch() + ")";
    DoubleColumn faster1 = DoubleColumn.create("faster × (batch 1)");
    double base1 = rows().get(0).batch1().medianMs();
    for (Comparison.Row r : rows()) {
      double ms = r.batch1().medianMs();
      faster1.append(ms == 0 ? Double.NaN : Numbers.round(base1 / ms, 2));
    }
    faster1.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
    t.insertColumn(t.columnIndex(large), faster1);
    DoubleColumn agree = DoubleColumn.create("agreement %");
    DoubleColumn pct = DoubleColumn.create("file % of f32");
    double base = rows().get(0).fileBytes();
    for (int i = 0; i < agreement.size(); i++) {
      agree.append(Math.round(10000 * agreement.get(i)) / 100.0);
      pct.append(Math.round(1000 * rows().get(i).fileBytes() / base) / 10.0);
    }
    agree.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
    pct.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
    t.insertColumn(2, agree);
    t.insertColumn(6, pct);
    return t.setName("Quantization: " + test.name());
  }

  /** Share of rows where two prediction arrays agree. */
  public static double agreement(int[] a, int[] b) {
    int same = 0;
    for (int i = 0; i < a.length; i++) {
      same += a[i] == b[i] ? 1 : 0;
    }
    return a.length == 0 ? Double.NaN : (double) same / a.length;
  }

  /** Predicted classes of {@code model} on {@code data}, in chunks of 1000. */
  public static int[] classes(InferenceModel model, Dataset data) {
    int n = data.size();
    int[] out = new int[n];
    for (int from = 0; from < n; from += 1000) {
      int to = Math.min(n, from + 1000);
      int[] c = model.predict(data.subset(from, to).images()).argMax(1).toIntVector();
      System.arraycopy(c, 0, out, from, c.length);
    }
    return out;
  }

  @Override
  public String toString() {
    return table().print();
  }
}
