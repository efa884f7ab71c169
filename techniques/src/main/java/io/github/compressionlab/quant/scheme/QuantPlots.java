package io.github.compressionlab.quant.scheme;

import io.github.compressionlab.viz.Charts;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Pictures of quantization grids for the notebooks: number lines and histograms with levels. */
public final class QuantPlots {
  private QuantPlots() {}

  /**
   * Each grid as a row of dots on a number line, one row per entry ({@code label → params}), from
   * the top down in the given order.
   */
  public static XYChart numberLine(String title, Map<String, QuantParams> grids) {
    XYChart c = chart(title, "real value", "");
    int row = grids.size();
    for (Map.Entry<String, QuantParams> e : grids.entrySet()) {
      double[] xs = e.getValue().levels();
      double[] ys = new double[xs.length];
      Arrays.fill(ys, row--);
      XYSeries s = c.addSeries(e.getKey() + " (" + xs.length + " levels)", xs, ys);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(SeriesMarkers.CIRCLE);
    }
    c.getStyler().setMarkerSize(5);
    c.getStyler().setYAxisTicksVisible(false);
    c.getStyler().setYAxisMin(0.0);
    c.getStyler().setYAxisMax(grids.size() + 1.0);
    return c;
  }

  /**
   * A histogram of {@code values} ({@code bins} bins, as a step line) with the levels of {@code
   * grid} drawn over it as thin vertical lines, so one sees how many values share each level.
   */
  public static XYChart histogramWithGrid(
      String title, float[] values, int bins, QuantParams grid) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (float v : values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    lo = Math.min(lo, grid.min());
    hi = Math.max(hi, grid.max());
    double width = (hi - lo) / bins;
    double[] counts = new double[bins];
    for (float v : values) {
      counts[Math.min(bins - 1, (int) ((v - lo) / width))]++;
    }
    double[] xs = new double[2 * bins];
    double[] ys = new double[2 * bins];
    double top = 0;
    for (int b = 0; b < bins; b++) {
      xs[2 * b] = lo + b * width;
      xs[2 * b + 1] = lo + (b + 1) * width;
      ys[2 * b] = counts[b];
      ys[2 * b + 1] = counts[b];
      top = Math.max(top, counts[b]);
    }
    XYChart c = chart(title, "value", "count");
    XYSeries h = c.addSeries("values", xs, ys);
    h.setMarker(SeriesMarkers.NONE);
    h.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
    double[] levels = grid.levels();
    double[] lx = new double[3 * levels.length];
    double[] ly = new double[3 * levels.length];
    for (int i = 0; i < levels.length; i++) {
      lx[3 * i] = levels[i];
      lx[3 * i + 1] = levels[i];
      lx[3 * i + 2] = levels[i];
      ly[3 * i] = 0;
      ly[3 * i + 1] = top;
      ly[3 * i + 2] = 0;
    }
    XYSeries g = c.addSeries(levels.length + " levels", lx, ly);
    g.setMarker(SeriesMarkers.NONE);
    g.setLineWidth(0.5f);
    g.setLineColor(new Color(200, 40, 40, 140));
    g.setLineStyle(new BasicStroke(0.6f));
    return c;
  }

  /** A line chart of series over a shared x axis, e.g. accuracy against bit width. */
  public static XYChart lines(
      String title, String xLabel, String yLabel, double[] xs, Map<String, double[]> series) {
    XYChart c = chart(title, xLabel, yLabel);
    new LinkedHashMap<>(series)
        .forEach((name, ys) -> c.addSeries(name, xs, ys).setMarker(SeriesMarkers.CIRCLE));
    return c;
  }

  private static XYChart chart(String title, String x, String y) {
    XYChart c =
        new XYChartBuilder()
            .width(Charts.WIDTH)
            .height(Charts.HEIGHT)
            .title(title)
            .xAxisTitle(x)
            .yAxisTitle(y)
            .build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setPlotGridLinesVisible(false);
    return c;
  }
}
