package io.github.compressionlab.nas;

import io.github.compressionlab.TableView;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Every trial of a {@link Search}, in index order, with the views a notebook wants. */
public final class SearchResult implements TableView {
  private final SearchSpace space;
  private final String strategy;
  private final List<Trial> trials;
  private final double seconds;

  SearchResult(SearchSpace space, String strategy, List<Trial> trials, double seconds) {
    this.space = space;
    this.strategy = strategy;
    this.trials = List.copyOf(trials);
    this.seconds = seconds;
  }

  public SearchSpace space() {
    return space;
  }

  /** The strategy's {@link SearchStrategy#name()}. */
  public String strategy() {
    return strategy;
  }

  public List<Trial> trials() {
    return trials;
  }

  /** Wall-clock seconds of the run (replayed trials from a log take no time). */
  public double seconds() {
    return seconds;
  }

  /** The most accurate feasible trial (earliest on ties). */
  public Trial best() {
    if (trials.isEmpty()) {
      throw new IllegalStateException("the search ran no trials; give it a larger budget");
    }
    return Search.best(trials);
  }

  /** The best validation accuracy after each trial (NaN until a trial is feasible). */
  public double[] bestSoFar() {
    double[] out = new double[trials.size()];
    double best = Double.NaN;
    for (int i = 0; i < out.length; i++) {
      Trial t = trials.get(i);
      if (t.feasible() && !(t.validationAccuracy() <= best)) {
        best = t.validationAccuracy();
      }
      out[i] = best;
    }
    return out;
  }

  /** Training epochs spent after each trial (the x axis of fair best-so-far curves). */
  public double[] epochsSoFar() {
    double[] out = new double[trials.size()];
    double sum = 0;
    for (int i = 0; i < out.length; i++) {
      sum += trials.get(i).epochs();
      out[i] = sum;
    }
    return out;
  }

  /** The non-dominated trials for accuracy against {@code cost}, cheapest first. */
  public List<Trial> paretoFront(Cost cost) {
    return ParetoFront.of(trials, cost);
  }

  /**
   * One row per trial: index, architecture, params, FLOPs, bytes, latency, epochs, validation
   * accuracy, seconds, and whether it is on the accuracy/params Pareto front.
   */
  @Override
  public Table table() {
    Set<Integer> front =
        paretoFront(Cost.PARAMS).stream().map(Trial::index).collect(Collectors.toSet());
    IntColumn index = IntColumn.create("trial");
    StringColumn arch = StringColumn.create("architecture");
    LongColumn params = LongColumn.create("params");
    LongColumn flops = LongColumn.create("FLOPs");
    LongColumn bytes = LongColumn.create("bytes");
    DoubleColumn latency = DoubleColumn.create("latency ms");
    IntColumn epochs = IntColumn.create("epochs");
    DoubleColumn acc = DoubleColumn.create("val acc");
    DoubleColumn secs = DoubleColumn.create("seconds");
    BooleanColumn pareto = BooleanColumn.create("pareto");
    for (Trial t : trials) {
      index.append(t.index());
      arch.append(t.architecture().toString());
      params.append(t.params());
      flops.append(t.flops());
      bytes.append(t.bytes());
      latency.append(t.latencyMs());
      epochs.append(t.epochs());
      acc.append(t.validationAccuracy());
      secs.append(t.seconds());
      pareto.append(front.contains(t.index()));
    }
    return Table.create(
        strategy + ": " + trials.size() + " trials",
        index,
        arch,
        params,
        flops,
        bytes,
        latency,
        epochs,
        acc,
        secs,
        pareto);
  }

  /**
   * Retrains the best architecture from scratch on {@code train} and saves it to {@code file}: the
   * one call that gets the searched model out. See {@link Export#retrainAndSave}.
   */
  public Export.Exported exportBest(Dataset train, TrainingConfig how, Path file) {
    return Export.retrainAndSave(space, best().architecture(), train, how, file);
  }

  @Override
  public String toString() {
    return trials.isEmpty()
        ? strategy + ": no trials"
        : String.format(
            Locale.ROOT,
            "%s: %d trials in %.0f s, best %s",
            strategy,
            trials.size(),
            seconds,
            best());
  }
}
