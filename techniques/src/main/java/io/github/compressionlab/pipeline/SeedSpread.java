package io.github.compressionlab.pipeline;

import io.github.compressionlab.TableView;
import io.github.compressionlab.viz.Numbers;
import java.util.List;
import java.util.function.ToDoubleFunction;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The same pipeline run with several seeds, summarised: mean, min and max of the end-to-end figures
 * (accuracy change in points, file size ratio, batch-1 speed ratio), and each seed's value. One
 * seed's figures can sit on either side of a target by luck; the spread says how far.
 *
 * @param seeds the pipeline's seed of each run
 * @param results each run's result, in the order of {@code seeds}
 */
public record SeedSpread(List<Long> seeds, List<Pipeline.Result> results) implements TableView {

  /** Mean, smallest and largest value of one figure over the seeds. */
  public record Stats(double mean, double min, double max) {
    static Stats of(double[] values) {
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double v : values) {
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      return new Stats(sum / values.length, min, max);
    }
  }

  public SeedSpread {
    seeds = List.copyOf(seeds);
    results = List.copyOf(results);
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("a seed spread needs at least one run; got none");
    }
    if (seeds.size() != results.size()) {
      throw new IllegalArgumentException(
          "a seed spread needs one result per seed; got "
              + seeds.size()
              + " seeds and "
              + results.size()
              + " results");
    }
    if (seeds.stream().distinct().count() != seeds.size()) {
      throw new IllegalArgumentException(
          "the seeds of a spread must differ (the same seed gives the same run); got " + seeds);
    }
  }

  /** Last accuracy minus the first, in points ({@link Pipeline.Result#accuracyChangePoints}). */
  public Stats accuracyChangePoints() {
    return stats(Pipeline.Result::accuracyChangePoints);
  }

  /** First file size over the last ({@link Pipeline.Result#sizeRatio}). */
  public Stats sizeRatio() {
    return stats(Pipeline.Result::sizeRatio);
  }

  /** First batch-1 latency over the last ({@link Pipeline.Result#speedup}). */
  public Stats speedup() {
    return stats(Pipeline.Result::speedup);
  }

  /** The end model's test accuracy, in percent. */
  public Stats finalAccuracyPercent() {
    return stats(r -> 100 * r.last().accuracy());
  }

  private Stats stats(ToDoubleFunction<Pipeline.Result> figure) {
    return Stats.of(values(figure));
  }

  private double[] values(ToDoubleFunction<Pipeline.Result> figure) {
    return results.stream().mapToDouble(figure).toArray();
  }

  /**
   * One row per figure (accuracy change, end accuracy, file size ratio, batch-1 speed ratio), with
   * its mean, min and max and one column per seed, rounded to two decimals as the step table's
   * ratios are ({@link #accuracyChangePoints()} and the others keep every digit).
   */
  @Override
  public Table table() {
    StringColumn figure = StringColumn.create("figure");
    DoubleColumn mean = DoubleColumn.create("mean");
    DoubleColumn min = DoubleColumn.create("min");
    DoubleColumn max = DoubleColumn.create("max");
    DoubleColumn[] perSeed = new DoubleColumn[seeds.size()];
    for (int i = 0; i < perSeed.length; i++) {
      perSeed[i] = DoubleColumn.create("seed " + seeds.get(i));
    }
    row(figure, mean, min, max, perSeed, "accuracy change (points)", r -> r.accuracyChangePoints());
    row(figure, mean, min, max, perSeed, "end accuracy (%)", r -> 100 * r.last().accuracy());
    row(figure, mean, min, max, perSeed, "file x smaller", Pipeline.Result::sizeRatio);
    row(figure, mean, min, max, perSeed, "x faster (batch 1)", Pipeline.Result::speedup);
    Table t = Table.create("Over " + seeds.size() + " seeds", figure, mean, min, max);
    t.addColumns(perSeed);
    return t;
  }

  private void row(
      StringColumn figure,
      DoubleColumn mean,
      DoubleColumn min,
      DoubleColumn max,
      DoubleColumn[] perSeed,
      String name,
      ToDoubleFunction<Pipeline.Result> f) {
    double[] v = values(f);
    Stats s = Stats.of(v);
    figure.append(name);
    mean.append(Numbers.round(s.mean(), 2));
    min.append(Numbers.round(s.min(), 2));
    max.append(Numbers.round(s.max(), 2));
    for (int i = 0; i < v.length; i++) {
      perSeed[i].append(Numbers.round(v[i], 2));
    }
  }
}
