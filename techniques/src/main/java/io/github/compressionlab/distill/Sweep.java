package io.github.compressionlab.distill;

import io.github.compressionlab.TableView;
import io.github.compressionlab.viz.Numbers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Distilled students trained with one knob (temperature or α) varied and everything else fixed,
 * next to the hard-label baseline and the teacher.
 *
 * @param knob {@code "temperature"} or {@code "alpha"}
 * @param points one per setting, in the order tried
 * @param baselineAccuracy the same student trained on hard labels alone (same seed and epochs)
 * @param teacherAccuracy the teacher on the same test set
 */
public record Sweep(
    String knob, List<Point> points, double baselineAccuracy, double teacherAccuracy)
    implements TableView {

  public Sweep {
    points = List.copyOf(points);
  }

  /**
   * One distilled student.
   *
   * @param alpha weight of the hard term
   * @param temperature softening of the soft term
   * @param accuracy on the test set
   * @param seconds training time
   */
  public record Point(double alpha, double temperature, double accuracy, double seconds) {}

  /**
   * One row per setting: α, T, test accuracy, the gain over the baseline (percentage points), the
   * share of the baseline–teacher gap closed, and training seconds.
   */
  @Override
  public Table table() {
    DoubleColumn a = DoubleColumn.create("alpha");
    DoubleColumn t = DoubleColumn.create("T");
    DoubleColumn acc = DoubleColumn.create("test accuracy");
    DoubleColumn gain = DoubleColumn.create("gain vs hard labels (pp)");
    DoubleColumn closed = DoubleColumn.create("gap closed");
    DoubleColumn s = DoubleColumn.create("seconds");
    for (Point p : points) {
      a.append(p.alpha());
      t.append(p.temperature());
      acc.append(Numbers.round(p.accuracy(), 4));
      gain.append(Numbers.round(100 * (p.accuracy() - baselineAccuracy), 2));
      closed.append(Numbers.round(gapClosed(p.accuracy()), 3));
      s.append(Numbers.round(p.seconds(), 1));
    }
    return Table.create(
        String.format(
            "sweep over %s (hard labels %.4f, teacher %.4f)",
            knob, baselineAccuracy, teacherAccuracy),
        a,
        t,
        acc,
        gain,
        closed,
        s);
  }

  /** Test accuracy against the knob, with the baseline and the teacher as dashed lines. */
  public XYChart chart() {
    double[] xs = new double[points.size()];
    double[] ys = new double[points.size()];
    for (int i = 0; i < xs.length; i++) {
      Point p = points.get(i);
      xs[i] = knob.equals("alpha") ? p.alpha() : p.temperature();
      ys[i] = 100 * p.accuracy();
    }
    XYChart c =
        new XYChartBuilder()
            .width(640)
            .height(400)
            .title("Distilled student vs " + (knob.equals("alpha") ? "α" : "temperature T"))
            .xAxisTitle(knob.equals("alpha") ? "α (weight of the hard labels)" : "temperature T")
            .yAxisTitle("test accuracy (%)")
            .build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    c.addSeries("distilled student", xs, ys).setMarker(SeriesMarkers.CIRCLE);
    Map<String, Double> refs = new LinkedHashMap<>();
    refs.put("hard labels only", 100 * baselineAccuracy);
    refs.put("teacher", 100 * teacherAccuracy);
    double lo = xs.length == 0 ? 0 : java.util.Arrays.stream(xs).min().getAsDouble();
    double hi = xs.length == 0 ? 1 : java.util.Arrays.stream(xs).max().getAsDouble();
    refs.forEach(
        (name, y) ->
            c.addSeries(name, new double[] {lo, hi}, new double[] {y, y})
                .setMarker(SeriesMarkers.NONE)
                .setLineStyle(SeriesLines.DASH_DASH));
    return c;
  }

  /** The best point by test accuracy. */
  public Point best() {
    return points.stream().max((x, y) -> Double.compare(x.accuracy(), y.accuracy())).orElseThrow();
  }

  /**
   * {@code (accuracy − baseline) / (teacher − baseline)}: 0 = no better than hard labels, 1 = as
   * good as the teacher; NaN if the teacher is no better than the baseline.
   */
  public double gapClosed(double accuracy) {
    double gap = teacherAccuracy - baselineAccuracy;
    return gap > 0 ? (accuracy - baselineAccuracy) / gap : Double.NaN;
  }

  @Override
  public String toString() {
    return table().print();
  }
}
