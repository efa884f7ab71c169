package io.github.compressionlab.distill;

import io.github.compressionlab.TableView;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.viz.Numbers;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * A learner's tries at distillation settings, one trained student each, kept in the order made and
 * shown against the hard-label baseline and the teacher: what notebook 06's "train a student"
 * button collects. Unlike a {@link Sweep}, the settings are whatever the learner chose, so the
 * chart's x axis is the try's number.
 *
 * <pre>{@code
 * Tries tries = new Tries(hardOnly.accuracy(test), distiller.teacherAccuracy(test));
 * tries.add(distiller.withKd(new Kd(0.5, 2)).distill(Students.mlp(seed), train), test);
 * tries.chart()
 * }</pre>
 *
 * Safe to add to from a widget callback while a cell reads it.
 */
public final class Tries implements TableView {

  private final double baselineAccuracy;
  private final double teacherAccuracy;
  private final List<Sweep.Point> points = new ArrayList<>();

  /**
   * @param baselineAccuracy the same student trained on hard labels alone, in [0, 1]
   * @param teacherAccuracy the teacher on the same test set, in [0, 1]
   */
  public Tries(double baselineAccuracy, double teacherAccuracy) {
    checkAccuracy("baseline", baselineAccuracy);
    checkAccuracy("teacher", teacherAccuracy);
    this.baselineAccuracy = baselineAccuracy;
    this.teacherAccuracy = teacherAccuracy;
  }

  private static void checkAccuracy(String what, double a) {
    if (!(a >= 0 && a <= 1)) {
      throw new IllegalArgumentException(
          "the "
              + what
              + " accuracy must be a fraction in [0, 1], got "
              + a
              + " (pass run.accuracy(test), not a percentage)");
    }
  }

  /** Scores {@code run}'s student on {@code test} and adds it as the next try. */
  public Sweep.Point add(Distiller.Run run, Dataset test) {
    Sweep.Point p =
        new Sweep.Point(run.alpha(), run.temperature(), run.accuracy(test), run.seconds());
    add(p);
    return p;
  }

  /** Adds a try scored elsewhere. */
  public synchronized Tries add(Sweep.Point p) {
    checkAccuracy("try's", p.accuracy());
    points.add(p);
    return this;
  }

  /** The tries so far, oldest first. */
  public synchronized List<Sweep.Point> points() {
    return List.copyOf(points);
  }

  public synchronized int size() {
    return points.size();
  }

  public double baselineAccuracy() {
    return baselineAccuracy;
  }

  public double teacherAccuracy() {
    return teacherAccuracy;
  }

  /** The best try by test accuracy (the first of equals). */
  public synchronized Sweep.Point best() {
    if (points.isEmpty()) {
      throw new IllegalStateException("no tries yet; add one with add(run, test)");
    }
    Sweep.Point best = points.get(0);
    for (Sweep.Point p : points) {
      if (p.accuracy() > best.accuracy()) {
        best = p;
      }
    }
    return best;
  }

  /**
   * One row per try: its number, α, T, test accuracy, the gain over the baseline (percentage
   * points) and training seconds.
   */
  @Override
  public Table table() {
    List<Sweep.Point> ps = points();
    IntColumn n = IntColumn.create("try");
    DoubleColumn a = DoubleColumn.create("alpha");
    DoubleColumn t = DoubleColumn.create("T");
    DoubleColumn acc = DoubleColumn.create("test accuracy");
    DoubleColumn gain = DoubleColumn.create("gain vs hard labels (pp)");
    DoubleColumn s = DoubleColumn.create("seconds");
    for (int i = 0; i < ps.size(); i++) {
      Sweep.Point p = ps.get(i);
      n.append(i + 1);
      a.append(Numbers.round(p.alpha(), 3));
      t.append(Numbers.round(p.temperature(), 3));
      acc.append(Numbers.round(p.accuracy(), 4));
      gain.append(Numbers.round(100 * (p.accuracy() - baselineAccuracy), 2));
      s.append(Numbers.round(p.seconds(), 1));
    }
    return Table.create(
        String.format(
            "your tries (hard labels %.4f, teacher %.4f)", baselineAccuracy, teacherAccuracy),
        n,
        a,
        t,
        acc,
        gain,
        s);
  }

  /** Test accuracy of each try by its number, with the baseline and the teacher as dashed lines. */
  public XYChart chart() {
    List<Sweep.Point> ps = points();
    double[] xs = new double[ps.size()];
    double[] ys = new double[ps.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = i + 1;
      ys[i] = 100 * ps.get(i).accuracy();
    }
    XYChart c =
        new XYChartBuilder()
            .width(640)
            .height(360)
            .title("Your tries")
            .xAxisTitle("try")
            .yAxisTitle("test accuracy (%)")
            .build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    c.getStyler().setXAxisDecimalPattern("0");
    double hi = Math.max(2, xs.length + 1);
    // one tick per try: a wide axis of few tries would otherwise show fractional try numbers
    c.getStyler().setXAxisMin(0.0);
    c.getStyler().setXAxisMax(hi);
    if (xs.length > 0) {
      c.addSeries("distilled student", xs, ys).setMarker(SeriesMarkers.CIRCLE);
    }
    c.addSeries(
            "hard labels only",
            new double[] {0, hi},
            new double[] {100 * baselineAccuracy, 100 * baselineAccuracy})
        .setMarker(SeriesMarkers.NONE)
        .setLineStyle(SeriesLines.DASH_DASH);
    c.addSeries(
            "teacher",
            new double[] {0, hi},
            new double[] {100 * teacherAccuracy, 100 * teacherAccuracy})
        .setMarker(SeriesMarkers.NONE)
        .setLineStyle(SeriesLines.DASH_DASH);
    return c;
  }

  @Override
  public String toString() {
    return table().print();
  }
}
