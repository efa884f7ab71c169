package io.github.compressionlab.prune;

import io.github.compressionlab.nn.TrainingContext;
import io.github.compressionlab.nn.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * Automated gradual pruning: raises the sparsity during training along the cubic schedule of Zhu
 * and Gupta, "To prune, or not to prune: exploring the efficacy of pruning for model compression"
 * (arXiv:1710.01878, 2017), equation (1):
 *
 * <pre>
 *   s_t = s_f + (s_i − s_f) · (1 − (t − t₀) / (n·Δt))³   for t ∈ {t₀, t₀+Δt, ..., t₀+n·Δt}
 * </pre>
 *
 * with initial sparsity s_i, final sparsity s_f, first pruning step t₀, pruning every Δt steps, n
 * times. It prunes fast while there are many redundant weights and slowly near the end, when the
 * network has fewer weights to spare. At each pruning step the {@link Pruner} computes a new mask;
 * between them a {@link MaskListener} keeps pruned weights at zero.
 *
 * <pre>{@code
 * Agp agp = new Agp(MagnitudePruner.global(), Agp.Schedule.to(0.9).steps(0, 2000).every(100));
 * new Trainer(model, TrainingConfig.builder().listener(agp).epochs(5).build()).fit(train);
 * }</pre>
 *
 * <p>Steps are batches counted by this listener across all {@code fit} calls it takes part in.
 */
public final class Agp implements TrainingListener {

  /**
   * When and how far to prune.
   *
   * @param initialSparsity s_i, sparsity at the first pruning step
   * @param finalSparsity s_f, sparsity from the last pruning step on
   * @param startStep t₀, the first pruning step (a batch index counted from 0)
   * @param endStep t₀ + n·Δt, the last pruning step
   * @param frequency Δt, batches between pruning steps
   */
  public record Schedule(
      double initialSparsity, double finalSparsity, long startStep, long endStep, long frequency) {
    public Schedule {
      Pruner.checkSparsity(initialSparsity);
      Pruner.checkSparsity(finalSparsity);
      if (initialSparsity > finalSparsity) {
        throw new IllegalArgumentException(
            "the initial sparsity "
                + initialSparsity
                + " exceeds the final sparsity "
                + finalSparsity
                + "; AGP only raises the sparsity");
      }
      if (startStep < 0 || endStep < startStep || frequency < 1) {
        throw new IllegalArgumentException(
            "need 0 <= startStep <= endStep and frequency >= 1; got startStep "
                + startStep
                + ", endStep "
                + endStep
                + ", frequency "
                + frequency);
      }
    }

    /** A schedule from 0 to {@code finalSparsity}, pruning at step 0 only; refine with steps(). */
    public static Schedule to(double finalSparsity) {
      return new Schedule(0, finalSparsity, 0, 0, 1);
    }

    /** This schedule starting from {@code initialSparsity}. */
    public Schedule from(double initialSparsity) {
      return new Schedule(initialSparsity, finalSparsity, startStep, endStep, frequency);
    }

    /** This schedule pruning from step {@code start} to step {@code end}. */
    public Schedule steps(long start, long end) {
      return new Schedule(initialSparsity, finalSparsity, start, end, frequency);
    }

    /** This schedule pruning every {@code frequency} steps. */
    public Schedule every(long frequency) {
      return new Schedule(initialSparsity, finalSparsity, startStep, endStep, frequency);
    }

    /**
     * True if the mask is recomputed at {@code step}: t₀, t₀+Δt, ... before the end, and the end.
     */
    public boolean isPruningStep(long step) {
      return step == endStep
          || (step >= startStep && step < endStep && (step - startStep) % frequency == 0);
    }

    /**
     * The target sparsity in force at {@code step}: 0 before t₀, then the value of equation (1) at
     * the latest pruning step, and s_f from the end on.
     */
    public double sparsityAt(long step) {
      if (step < startStep) {
        return 0;
      }
      if (step >= endStep) {
        return finalSparsity;
      }
      long last = startStep + (step - startStep) / frequency * frequency;
      double progress = (double) (last - startStep) / (endStep - startStep);
      double r = 1 - progress;
      return finalSparsity + (initialSparsity - finalSparsity) * r * r * r;
    }

    /** Step and target sparsity for steps 0 .. {@code steps} − 1: the curve to plot. */
    public Table table(long steps) {
      LongColumn s = LongColumn.create("step");
      DoubleColumn v = DoubleColumn.create("sparsity");
      for (long t = 0; t < steps; t++) {
        s.append(t);
        v.append(sparsityAt(t));
      }
      return Table.create("AGP schedule", s, v);
    }

    /** The schedule as a line over steps 0 .. {@code steps} − 1, sparsity in %. */
    public XYChart chart(long steps) {
      XYChart chart =
          new XYChartBuilder()
              .width(640)
              .height(400)
              .title(
                  String.format(
                      Locale.ROOT,
                      "AGP: %.0f%% → %.0f%% over steps %d..%d, every %d",
                      100 * initialSparsity,
                      100 * finalSparsity,
                      startStep,
                      endStep,
                      frequency))
              .xAxisTitle("training step (batch)")
              .yAxisTitle("target sparsity (%)")
              .build();
      chart.getStyler().setLegendVisible(false);
      chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
      double[] xs = new double[(int) steps];
      double[] ys = new double[(int) steps];
      for (int t = 0; t < steps; t++) {
        xs[t] = t;
        ys[t] = 100 * sparsityAt(t);
      }
      chart.addSeries("sparsity", xs, ys).setMarker(SeriesMarkers.NONE);
      return chart;
    }
  }

  /** One recomputation of the mask: the step and the sparsity the mask actually reached. */
  public record Event(long step, double targetSparsity, double maskSparsity) {}

  private final Pruner pruner;
  private final Schedule schedule;
  private final MaskListener masker;
  private final List<Event> events = new ArrayList<>();
  private long step;

  public Agp(Pruner pruner, Schedule schedule) {
    this.pruner = pruner;
    this.schedule = schedule;
    this.masker = new MaskListener(Mask.empty());
  }

  public Schedule schedule() {
    return schedule;
  }

  /** The mask in force now. */
  public Mask mask() {
    return masker.mask();
  }

  /** Batches seen so far. */
  public long step() {
    return step;
  }

  /** Every mask recomputation so far. */
  public List<Event> events() {
    return List.copyOf(events);
  }

  @Override
  public void onBatchStart(TrainingContext context) {
    if (schedule.isPruningStep(step)) {
      double target = schedule.sparsityAt(step);
      Mask mask = pruner.mask(context.model(), target);
      masker.setMask(mask);
      mask.applyTo(context.model());
      events.add(new Event(step, target, mask.sparsity()));
    }
  }

  @Override
  public void afterBackward(TrainingContext context) {
    masker.afterBackward(context);
  }

  @Override
  public void afterOptimizerStep(TrainingContext context) {
    masker.afterOptimizerStep(context);
  }

  @Override
  public void onBatchEnd(TrainingContext context) {
    step++;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "Agp(%s, %.0f%% → %.0f%%, steps %d..%d every %d, at step %d)",
        pruner,
        100 * schedule.initialSparsity(),
        100 * schedule.finalSparsity(),
        schedule.startStep(),
        schedule.endStep(),
        schedule.frequency(),
        step);
  }
}
