package io.github.compressionlab.pipeline;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.nn.Evaluation;
import io.github.compressionlab.viz.Charts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * Accuracy against file size, one point per model, on a logarithmic size axis: every row of a
 * pipeline's result, plus models measured elsewhere (Deep Compression, a NAS winner's file). Up and
 * to the left is better.
 *
 * <pre>{@code
 * AccuracySizeChart.of(result).add("Deep Compression", deep.last())
 *     .addModelFile("NAS winner", winnerFile, test).chart();
 * }</pre>
 */
public final class AccuracySizeChart {

  /**
   * One model on the chart.
   *
   * @param fileBytes bytes of its file, at least 1
   * @param accuracy test accuracy in [0, 1]
   */
  public record Point(String label, long fileBytes, double accuracy) {
    public Point {
      if (label == null || label.isBlank()) {
        throw new IllegalArgumentException("a point needs a label, e.g. the step's name");
      }
      if (fileBytes < 1) {
        throw new IllegalArgumentException(
            "file size of '" + label + "' must be at least 1 byte, got " + fileBytes);
      }
      if (!(accuracy >= 0 && accuracy <= 1)) {
        throw new IllegalArgumentException(
            "accuracy of '" + label + "' is a fraction in [0, 1] (0.91 for 91%), got " + accuracy);
      }
    }
  }

  private final List<Point> points = new ArrayList<>();

  private AccuracySizeChart() {}

  /** An empty chart; add points with {@link #add}. */
  public static AccuracySizeChart empty() {
    return new AccuracySizeChart();
  }

  /** One point per row of {@code result}, named by its step. */
  public static AccuracySizeChart of(Pipeline.Result result) {
    Objects.requireNonNull(result, "result");
    AccuracySizeChart c = new AccuracySizeChart();
    result.rows().forEach(r -> c.add(r.step(), r));
    return c;
  }

  /** Adds a measured row of a pipeline under {@code label}. */
  public AccuracySizeChart add(String label, Pipeline.Row row) {
    Objects.requireNonNull(row, "row");
    return add(label, row.fileBytes(), row.accuracy());
  }

  /** Adds a model by its file size and test accuracy (a fraction). */
  public AccuracySizeChart add(String label, long fileBytes, double accuracy) {
    points.add(new Point(label, fileBytes, accuracy));
    return this;
  }

  /**
   * Adds the model in {@code file} (a lab model file), measured on {@code test}, if the file
   * exists; otherwise leaves the chart as it is (e.g. notebook 01's winner before that notebook has
   * run).
   */
  public AccuracySizeChart addModelFile(String label, Path file, Dataset test) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(test, "test");
    if (!Files.exists(file)) {
      return this;
    }
    try {
      return add(label, Files.size(file), Evaluation.of(ModelFile.load(file), test).accuracy());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + file, e);
    }
  }

  /** The points, in the order added. */
  public List<Point> points() {
    return List.copyOf(points);
  }

  /** The chart: one series per point (so the legend names each), KB on a log scale, accuracy %. */
  public XYChart chart() {
    if (points.isEmpty()) {
      throw new IllegalStateException(
          "the chart has no points; start from AccuracySizeChart.of(result) or add(...) a model");
    }
    Point first = points.get(0);
    XYChart chart =
        Charts.scatter(
            "Accuracy against file size",
            "file size (KB, log scale)",
            "test accuracy (%)",
            first.label(),
            x(first),
            y(first));
    for (Point p : points.subList(1, points.size())) {
      chart.addSeries(unique(chart, p.label()), x(p), y(p));
    }
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    return chart;
  }

  private static double[] x(Point p) {
    return new double[] {p.fileBytes() / 1024.0};
  }

  private static double[] y(Point p) {
    return new double[] {100 * p.accuracy()};
  }

  /** XChart refuses two series of one name; a repeated label gets " (2)", " (3)"... */
  private static String unique(XYChart chart, String label) {
    String name = label;
    for (int i = 2; chart.getSeriesMap().containsKey(name); i++) {
      name = label + " (" + i + ")";
    }
    return name;
  }
}
