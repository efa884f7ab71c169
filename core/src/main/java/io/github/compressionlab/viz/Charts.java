package io.github.compressionlab.viz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/**
 * XChart helpers for notebooks. Each returns a chart that the kernel shows as a PNG; callers may
 * still style it or add series before showing it.
 */
public final class Charts {

  public static final int WIDTH = 640;
  public static final int HEIGHT = 400;

  private Charts() {}

  /**
   * One line per series over x = 1, 2, 3, ... (e.g. epochs): {@code Charts.lines("Loss", "epoch",
   * "loss", Map.of("train", trainLoss, "validation", valLoss))}. Series keep the map's order.
   */
  public static XYChart lines(
      String title, String xLabel, String yLabel, Map<String, double[]> series) {
    XYChart chart = xy(title, xLabel, yLabel);
    series.forEach(
        (name, ys) -> {
          double[] xs = new double[ys.length];
          for (int i = 0; i < ys.length; i++) {
            xs[i] = i + 1;
          }
          chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.CIRCLE);
        });
    return chart;
  }

  /**
   * Lines of numeric columns of a table against one of its columns, e.g. a training history: {@code
   * Charts.lines(history.toTable(), "epoch", "train_loss", "val_loss")}.
   */
  public static XYChart lines(Table table, String xColumn, String... yColumns) {
    if (yColumns.length == 0) {
      throw new IllegalArgumentException(
          "name at least one column to plot; the table has " + table.columnNames());
    }
    double[] xs = numeric(table, xColumn);
    XYChart chart = xy(table.name(), xColumn, yColumns.length == 1 ? yColumns[0] : "");
    for (String y : yColumns) {
      chart.addSeries(y, xs, numeric(table, y)).setMarker(SeriesMarkers.CIRCLE);
    }
    return chart;
  }

  private static double[] numeric(Table table, String column) {
    if (!table.columnNames().contains(column)) {
      throw new IllegalArgumentException(
          "no column '" + column + "'; the table has " + table.columnNames());
    }
    if (!(table.column(column) instanceof NumericColumn<?> c)) {
      throw new IllegalArgumentException("column '" + column + "' is not numeric");
    }
    return c.asDoubleArray();
  }

  /** Points of one series; add more with {@code chart.addSeries(name, xs, ys)}. */
  public static XYChart scatter(
      String title, String xLabel, String yLabel, String series, double[] xs, double[] ys) {
    XYChart chart = xy(title, xLabel, yLabel);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(7);
    chart.addSeries(series, xs, ys);
    return chart;
  }

  /**
   * Bars per category, one colour per series: {@code Charts.bars("Accuracy", "model", "accuracy",
   * List.of("teacher", "student"), Map.of("test", new double[] {0.91, 0.88}))}.
   */
  public static CategoryChart bars(
      String title,
      String xLabel,
      String yLabel,
      List<String> categories,
      Map<String, double[]> series) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    style(chart.getStyler());
    chart.getStyler().setLegendVisible(series.size() > 1);
    series.forEach(
        (name, values) -> {
          if (values.length != categories.size()) {
            throw new IllegalArgumentException(
                "series '"
                    + name
                    + "' has "
                    + values.length
                    + " values for "
                    + categories.size()
                    + " categories");
          }
          List<Double> ys = new ArrayList<>();
          for (double v : values) {
            ys.add(v);
          }
          chart.addSeries(name, categories, ys);
        });
    return chart;
  }

  /** A histogram of {@code values} in {@code bins} equal-width bins between their min and max. */
  public static CategoryChart histogram(String title, String xLabel, double[] values, int bins) {
    if (values.length == 0 || bins < 1) {
      throw new IllegalArgumentException(
          "a histogram needs values and at least one bin; got "
              + values.length
              + " values, "
              + bins
              + " bins");
    }
    List<Double> data = new ArrayList<>(values.length);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      data.add(v);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (min == max) {
      max = min + 1;
    }
    Histogram h = new Histogram(data, bins, min, max);
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle("count")
            .build();
    style(chart.getStyler());
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setAvailableSpaceFill(0.98);
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setXAxisDecimalPattern("#0.###");
    chart.getStyler().setXAxisLabelRotation(45);
    // Label about ten bins, not every one: forty bin centres side by side are unreadable.
    chart.getStyler().setXAxisMaxLabelCount(Math.min(bins, 10));
    chart.addSeries("count", h.getxAxisData(), h.getyAxisData());
    return chart;
  }

  /**
   * Lines through (x, y) points, one per series: {@code Charts.curves("Reliability", "confidence",
   * "accuracy", Map.of("student", new double[][] {xs, ys}))}. Series keep the map's order; NaN
   * points are left out.
   */
  public static XYChart curves(
      String title, String xLabel, String yLabel, Map<String, double[][]> series) {
    XYChart chart = xy(title, xLabel, yLabel);
    series.forEach(
        (name, xy) -> {
          if (xy.length != 2 || xy[0].length != xy[1].length) {
            throw new IllegalArgumentException(
                "series '" + name + "' must be {xs, ys} of the same length");
          }
          List<Double> xs = new ArrayList<>();
          List<Double> ys = new ArrayList<>();
          for (int i = 0; i < xy[0].length; i++) {
            if (Double.isFinite(xy[0][i]) && Double.isFinite(xy[1][i])) {
              xs.add(xy[0][i]);
              ys.add(xy[1][i]);
            }
          }
          if (!xs.isEmpty()) {
            chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.CIRCLE);
          }
        });
    return chart;
  }

  /**
   * A heat map of {@code values[row][column]} with the value in each cell: rows top-down in {@code
   * rowNames}' order. {@code diverging} centres the colours on 0 (blue below, red above: for
   * changes), else they run from white at the smallest value to red at the largest.
   */
  public static HeatMapChart heatmap(
      String title,
      String xLabel,
      String yLabel,
      List<String> columnNames,
      List<String> rowNames,
      double[][] values,
      String decimalPattern,
      boolean diverging) {
    if (values.length != rowNames.size()
        || java.util.Arrays.stream(values).anyMatch(r -> r.length != columnNames.size())) {
      throw new IllegalArgumentException(
          "a heat map needs one row of "
              + columnNames.size()
              + " values per row name ("
              + rowNames.size()
              + " rows)");
    }
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(WIDTH)
            .height(HEIGHT + 60)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    List<Number[]> cells = new ArrayList<>();
    int k = rowNames.size();
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < columnNames.size(); j++) {
        double v = values[i][j];
        if (Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
          cells.add(new Number[] {j, k - 1 - i, v});
        }
      }
    }
    List<String> ys = new ArrayList<>(rowNames);
    java.util.Collections.reverse(ys);
    chart.addSeries(title, columnNames, ys, cells);
    if (cells.isEmpty()) {
      min = 0;
      max = 1;
    }
    if (diverging) {
      double m = Math.max(Math.max(Math.abs(min), Math.abs(max)), 1e-12);
      chart.getStyler().setMin(-m);
      chart.getStyler().setMax(m);
      chart
          .getStyler()
          .setRangeColors(
              new java.awt.Color[] {
                new java.awt.Color(40, 90, 200),
                java.awt.Color.WHITE,
                new java.awt.Color(200, 40, 30)
              });
    } else {
      chart.getStyler().setMin(min);
      chart.getStyler().setMax(max > min ? max : min + 1);
      chart
          .getStyler()
          .setRangeColors(
              new java.awt.Color[] {
                java.awt.Color.WHITE,
                new java.awt.Color(255, 200, 120),
                new java.awt.Color(200, 40, 30)
              });
    }
    chart.getStyler().setShowValue(true);
    chart.getStyler().setHeatMapValueDecimalPattern(decimalPattern);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setLegendVisible(true);
    return chart;
  }

  private static XYChart xy(String title, String xLabel, String yLabel) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title == null ? "" : title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    style(chart.getStyler());
    return chart;
  }

  private static void style(Styler s) {
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
    s.setChartBackgroundColor(java.awt.Color.WHITE);
    s.setAntiAlias(true);
    if (s instanceof org.knowm.xchart.style.AxesChartStyler axes) {
      // At most four decimals on the value axis: a two-point curve otherwise prints
      // 0.621666666666667.
      axes.setYAxisDecimalPattern("#,##0.####");
    }
  }
}
