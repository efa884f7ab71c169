package io.github.compressionlab.nas;

import io.github.compressionlab.viz.Charts;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Charts of a search for notebooks: trials with their Pareto front, and best-so-far curves. */
public final class SearchCharts {
  private SearchCharts() {}

  /**
   * Every feasible trial as a point (validation accuracy against {@code cost}), with the Pareto
   * front drawn as a step line through its trials.
   */
  public static XYChart pareto(SearchResult result, Cost cost) {
    return pareto(result.trials(), cost);
  }

  /** {@link #pareto(SearchResult, Cost)} of any trials, e.g. those of several searches together. */
  public static XYChart pareto(List<Trial> trials, Cost cost) {
    List<Trial> feasible = trials.stream().filter(Trial::feasible).toList();
    if (feasible.isEmpty()) {
      throw new IllegalArgumentException("the search has no feasible trial to plot");
    }
    double[] xs = feasible.stream().mapToDouble(cost::of).toArray();
    double[] ys = feasible.stream().mapToDouble(Trial::validationAccuracy).toArray();
    XYChart chart =
        Charts.scatter(
            "Trials: validation accuracy against " + cost.label(),
            cost.label(),
            "validation accuracy",
            "trials (" + feasible.size() + ")",
            xs,
            ys);
    List<Trial> front = ParetoFront.of(feasible, cost);
    // A step line: from each front point, flat to the next one's cost, then up to its accuracy.
    double[] fx = new double[2 * front.size() - 1];
    double[] fy = new double[fx.length];
    for (int i = 0; i < front.size(); i++) {
      fx[2 * i] = cost.of(front.get(i));
      fy[2 * i] = front.get(i).validationAccuracy();
      if (i + 1 < front.size()) {
        fx[2 * i + 1] = cost.of(front.get(i + 1));
        fy[2 * i + 1] = front.get(i).validationAccuracy();
      }
    }
    chart
        .addSeries("Pareto front (" + front.size() + ")", fx, fy)
        .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line)
        .setMarker(SeriesMarkers.NONE);
    chart.getStyler().setXAxisDecimalPattern("#,###");
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    return chart;
  }

  /**
   * One line per search: the best validation accuracy so far against training epochs spent, the
   * fair x axis when strategies train candidates for different numbers of epochs.
   */
  public static XYChart bestSoFar(Map<String, SearchResult> searches) {
    XYChart chart =
        new XYChartBuilder()
            .width(Charts.WIDTH)
            .height(Charts.HEIGHT)
            .title("Best validation accuracy so far")
            .xAxisTitle("training epochs spent")
            .yAxisTitle("best validation accuracy")
            .build();
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    searches.forEach(
        (name, r) -> {
          double[] best = r.bestSoFar();
          double[] epochs = r.epochsSoFar();
          // Skip the leading trials that had no feasible result yet.
          int first = 0;
          while (first < best.length && Double.isNaN(best[first])) {
            first++;
          }
          if (first < best.length) {
            chart
                .addSeries(
                    name,
                    java.util.Arrays.copyOfRange(epochs, first, epochs.length),
                    java.util.Arrays.copyOfRange(best, first, best.length))
                .setMarker(SeriesMarkers.NONE);
          }
        });
    return chart;
  }
}
