package io.github.compressionlab.distill;

import io.github.compressionlab.TableView;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.TrainingConfig;
import io.github.compressionlab.viz.Numbers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.ToDoubleFunction;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The few-labels regime as one experiment: the same student (same factory, same seed), trained
 * three ways for the same number of optimizer steps, scored on the test set.
 *
 * <ol type="a">
 *   <li><b>labels only</b>: cross-entropy on the {@code n} labelled images;
 *   <li><b>+ hard pseudo-labels</b>: cross-entropy on the whole pool, the transfer set labelled
 *       with the teacher's arg-max;
 *   <li><b>+ soft labels</b>: the distillation loss at (α, T) on the same pool.
 * </ol>
 *
 * (b) against (a) is what the teacher's labelling of unlabelled images adds; (c) against (b) is
 * what its <i>soft</i> labels add beyond that. The runs on the pool last the training config's
 * epochs; the labels-only run takes as many steps of the same batch size on its few images (more
 * epochs), so every student gets the same training time.
 *
 * <pre>{@code
 * Distiller d = Distiller.of(Teacher.load(), new Kd(0.5, 2), training);
 * FewLabels.Result r = FewLabels.run(d, Students::twoConv, TransferSet.of(train, 100, 1), test);
 * r.gapClosed()   // (soft − labels only) / (teacher − labels only)
 * }</pre>
 */
public final class FewLabels {
  private FewLabels() {}

  /**
   * One run of the three students.
   *
   * @param labelsPerClass the rung of the ladder
   * @param seed the students' seed (weights and shuffling) and the training config's
   * @param kd the soft run's settings
   * @param teacher the teacher's test accuracy
   * @param teacherOnTransfer the teacher's accuracy on the transfer set (how good its labels are)
   * @param labelsOnly regime (a)
   * @param hardPseudo regime (b)
   * @param soft regime (c)
   * @param labelsOnlyAccuracy (a)'s test accuracy
   * @param hardPseudoAccuracy (b)'s test accuracy
   * @param softAccuracy (c)'s test accuracy
   */
  public record Result(
      int labelsPerClass,
      long seed,
      Kd kd,
      double teacher,
      double teacherOnTransfer,
      Distiller.Run labelsOnly,
      Distiller.Run hardPseudo,
      Distiller.Run soft,
      double labelsOnlyAccuracy,
      double hardPseudoAccuracy,
      double softAccuracy) {

    /** Share of the gap between (a) and the teacher that soft labels (c) close. */
    public double gapClosed() {
      return closed(softAccuracy);
    }

    /** Share of the same gap that hard pseudo-labels (b) close. */
    public double pseudoGapClosed() {
      return closed(hardPseudoAccuracy);
    }

    private double closed(double accuracy) {
      double gap = teacher - labelsOnlyAccuracy;
      return gap > 0 ? (accuracy - labelsOnlyAccuracy) / gap : Double.NaN;
    }
  }

  /**
   * Trains the three students of {@code set} with {@code distiller}'s teacher, settings and
   * training config, and scores them on {@code test}.
   *
   * @throws IllegalArgumentException if the teacher or the student does not fit the data
   */
  public static Result run(
      Distiller distiller, LongFunction<Sequential> students, TransferSet set, Dataset test) {
    if (students == null || set == null || test == null) {
      throw new IllegalArgumentException(
          "give a student factory, a transfer set and a test set, e.g. FewLabels.run(d,"
              + " Students::twoConv, TransferSet.of(train, 100, 1), test)");
    }
    TeacherLogitsCache cache = distiller.teacher();
    TeacherLogits poolLogits = cache.logits(set.pool());
    Dataset taught = set.teacherLabelled(poolLogits);
    cache.put(taught, set.logitsFor(taught, poolLogits));
    Dataset labelled = set.labelled();

    TrainingConfig training = distiller.training();
    long seed = training.seed();
    Distiller onLabels = distiller.withTraining(sameSteps(training, taught, labelled));
    Distiller.Run a = onLabels.trainHardLabels(students.apply(seed), labelled);
    Distiller.Run b = distiller.trainHardLabels(students.apply(seed), taught);
    Distiller.Run c = distiller.distill(students.apply(seed), taught);
    return new Result(
        set.labelsPerClass(),
        seed,
        distiller.kd(),
        distiller.teacherAccuracy(test),
        set.teacherAccuracyOnTransfer(poolLogits),
        a,
        b,
        c,
        a.accuracy(test),
        b.accuracy(test),
        c.accuracy(test));
  }

  /**
   * {@code training} with as many epochs on {@code small} as make the same number of steps as its
   * epochs on {@code big} (same batch size).
   */
  static TrainingConfig sameSteps(TrainingConfig training, Dataset big, Dataset small) {
    long stepsPerEpoch = steps(big.size(), training.batchSize());
    long smallSteps = steps(small.size(), training.batchSize());
    long epochs = (training.epochs() * stepsPerEpoch + smallSteps - 1) / smallSteps;
    return training.toBuilder().epochs((int) Math.min(Integer.MAX_VALUE, epochs)).build();
  }

  private static long steps(int examples, int batch) {
    return (examples + batch - 1) / batch;
  }

  /**
   * The ladder: one row per rung, means over its seeds: the three students' accuracies, the
   * teacher's, the gap each closes, and how many seeds.
   */
  public static Ladder ladder(List<Result> results) {
    return new Ladder(List.copyOf(results));
  }

  /** Results of several rungs and seeds, summarised per rung. */
  public record Ladder(List<Result> results) implements TableView {
    /** The share of the gap soft labels close, mean over the seeds of one rung, or NaN. */
    public double meanGapClosed(int labelsPerClass) {
      return mean(labelsPerClass, Result::gapClosed);
    }

    /** {@code metric}'s mean over the seeds of one rung, or NaN if the ladder has no such rung. */
    public double mean(int labelsPerClass, ToDoubleFunction<Result> metric) {
      return mean(
          results.stream().filter(r -> r.labelsPerClass() == labelsPerClass).toList(), metric);
    }

    @Override
    public Table table() {
      Map<Integer, List<Result>> byRung = new LinkedHashMap<>();
      for (Result r : results) {
        byRung.computeIfAbsent(r.labelsPerClass(), k -> new ArrayList<>()).add(r);
      }
      IntColumn rung = IntColumn.create("labels per class");
      IntColumn seeds = IntColumn.create("seeds");
      DoubleColumn a = DoubleColumn.create("(a) labels only");
      DoubleColumn b = DoubleColumn.create("(b) + teacher's hard labels");
      DoubleColumn c = DoubleColumn.create("(c) + soft labels");
      DoubleColumn t = DoubleColumn.create("teacher");
      DoubleColumn gb = DoubleColumn.create("gap closed (b), %");
      DoubleColumn gc = DoubleColumn.create("gap closed (c), %");
      for (var e : byRung.entrySet()) {
        List<Result> rs = e.getValue();
        rung.append(e.getKey());
        seeds.append(rs.size());
        a.append(Numbers.round(mean(rs, Result::labelsOnlyAccuracy), 4));
        b.append(Numbers.round(mean(rs, Result::hardPseudoAccuracy), 4));
        c.append(Numbers.round(mean(rs, Result::softAccuracy), 4));
        t.append(Numbers.round(mean(rs, Result::teacher), 4));
        gb.append(Numbers.round(100 * mean(rs, Result::pseudoGapClosed), 1));
        gc.append(Numbers.round(100 * mean(rs, Result::gapClosed), 1));
      }
      Kd kd = results.isEmpty() ? null : results.get(0).kd();
      return Table.create(
          "few labels + transfer set" + (kd == null ? "" : " (soft: " + kd + ")"),
          rung,
          seeds,
          a,
          b,
          c,
          t,
          gb,
          gc);
    }

    private static double mean(List<Result> rs, ToDoubleFunction<Result> metric) {
      return rs.stream().mapToDouble(metric).average().orElse(Double.NaN);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "Ladder[%d runs]", results.size());
    }
  }
}
