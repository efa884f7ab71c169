package io.github.compressionlab.prune;

import io.github.compressionlab.TableView;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.Evaluation;
import io.github.compressionlab.nn.Parameter;
import io.github.compressionlab.nn.Sequential;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Sensitivity analysis (Han et al. 2015, Figure 6; Distiller's {@code sensitivity_analysis}): for
 * each layer on its own, prune it by magnitude to each sparsity, leave every other layer intact,
 * and measure accuracy without retraining. Layers whose accuracy holds up can be pruned hard.
 *
 * <pre>{@code
 * Sensitivity s = Sensitivity.of(model, validation, List.of(0.0, 0.5, 0.8, 0.9, 0.95));
 * s.table(); s.chart();
 * }</pre>
 */
public final class Sensitivity implements TableView {
  /** Accuracy with one layer pruned to a sparsity. */
  public record Point(String layer, double sparsity, double accuracy) {}

  private final List<Point> points;

  private Sensitivity(List<Point> points) {
    this.points = List.copyOf(points);
  }

  /**
   * Measures every Dense and Conv2d layer at every sparsity. The model is restored after each
   * measurement, so it is unchanged afterwards.
   *
   * @throws IllegalArgumentException if a sparsity is outside [0, 1) (checked first)
   */
  public static Sensitivity of(Sequential model, Dataset data, List<Double> sparsities) {
    return of(model, data, sparsities, PrunableLayers.names(model));
  }

  /** As {@link #of(Sequential, Dataset, List)} for the named layers only. */
  public static Sensitivity of(
      Sequential model, Dataset data, List<Double> sparsities, List<String> layers) {
    sparsities.forEach(Pruner::checkSparsity);
    List<String> names = PrunableLayers.resolve(model, layers);
    List<Point> points = new ArrayList<>();
    for (String layer : names) {
      Parameter w = model.parameter(layer + ".weight");
      INDArray saved = w.value().dup();
      try {
        for (double s : sparsities) {
          w.setValue(saved);
          MagnitudePruner.perLayer().layers(layer).mask(model, s).applyTo(model);
          points.add(new Point(layer, s, Evaluation.of(model, data).accuracy()));
        }
      } finally {
        w.setValue(saved);
      }
    }
    return new Sensitivity(points);
  }

  public List<Point> points() {
    return points;
  }

  /** One row per (layer, sparsity): layer, sparsity, accuracy. */
  @Override
  public Table table() {
    StringColumn l = StringColumn.create("layer");
    DoubleColumn s = DoubleColumn.create("sparsity");
    DoubleColumn a = DoubleColumn.create("accuracy");
    for (Point p : points) {
      l.append(p.layer());
      s.append(p.sparsity());
      a.append(p.accuracy());
    }
    return Table.create("Sensitivity: accuracy with one layer pruned", l, s, a);
  }

  /** One curve per layer: accuracy against that layer's sparsity (in %). */
  public XYChart chart() {
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(400)
            .title("Sensitivity: one layer pruned at a time, no retraining")
            .xAxisTitle("sparsity of the layer (%)")
            .yAxisTitle("accuracy (%)")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    Map<String, List<Point>> byLayer = new LinkedHashMap<>();
    for (Point p : points) {
      byLayer.computeIfAbsent(p.layer(), k -> new ArrayList<>()).add(p);
    }
    byLayer.forEach(
        (layer, ps) ->
            chart
                .addSeries(
                    layer,
                    ps.stream().mapToDouble(p -> 100 * p.sparsity()).toArray(),
                    ps.stream().mapToDouble(p -> 100 * p.accuracy()).toArray())
                .setMarker(SeriesMarkers.CIRCLE));
    return chart;
  }
}
