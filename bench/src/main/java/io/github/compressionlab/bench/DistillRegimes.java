package io.github.compressionlab.bench;

import io.github.compressionlab.Profile;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.data.FashionMnist;
import io.github.compressionlab.distill.Distiller;
import io.github.compressionlab.distill.FewLabels;
import io.github.compressionlab.distill.Kd;
import io.github.compressionlab.distill.KdGrid;
import io.github.compressionlab.distill.TeacherLogitsCache;
import io.github.compressionlab.distill.Transfer;
import io.github.compressionlab.distill.TransferSet;
import io.github.compressionlab.models.Teacher;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.function.ToDoubleFunction;

/**
 * The distillation regimes of {@link DistillBench}: the few-labels ladder (every rung, every seed,
 * the three students of {@link FewLabels}), the half-split control (a teacher trained on one half
 * of the training set, the student's labels and transfer set drawn from the other half), and the α
 * × T grid ({@link KdGrid}). Full profile: the 60,000 training images as the pool, rungs 10, 100
 * and 600 labels per class, 3 seeds, 6 epochs over the pool (the labels-only student gets the same
 * steps). Quick: the quick teacher, a pool of 6,000 images, rungs 10 and 50, 1 seed, 1 epoch.
 */
final class DistillRegimes {
  /** The grid of the issue and of notebook 06. */
  static final double[] GRID_ALPHAS = {0, 0.1, 0.3, 0.5, 0.9, 1};

  static final double[] GRID_TEMPERATURES = {1, 2, 4, 8, 16};

  /** The ladder's target: share of the gap closed at 100 labels per class, mean of 3 seeds. */
  static final int TARGET_RUNG = 100;

  static final double TARGET = 0.70;

  private final DistillBench o;

  DistillRegimes(DistillBench options) {
    this.o = options;
  }

  int run() {
    boolean quick = o.quick;
    Kd kd = new Kd(o.alpha == null ? 0.5 : o.alpha, o.temperature == null ? 2 : o.temperature);
    TrainingConfig.Builder t =
        TrainingConfig.builder()
            .batchSize(128)
            .learningRate(o.learningRate == null ? 2e-3 : o.learningRate)
            .seed(1);
    t.epochs(o.epochs != null ? o.epochs : quick ? 1 : 6);
    TrainingConfig training = t.build();
    int seeds = quick ? 1 : o.seeds;
    String studentName = o.studentName == null ? "cnn" : o.studentName;
    LongFunction<Sequential> students = o.student(studentName);
    int[] rungs = quick && o.rungs.length == 3 && o.rungs[2] == 600 ? new int[] {10, 50} : o.rungs;

    Teacher.Recipe recipe =
        Teacher.Recipe.of(quick || o.quickTeacher ? Profile.QUICK : Profile.FULL);
    Teacher.Trained teacher = Teacher.load(recipe);
    Dataset pool = FashionMnist.train();
    Dataset test = FashionMnist.test();
    if (quick) {
      pool = pool.sample(6_000, 7);
    } else if (o.trainSize > 0 && o.trainSize < pool.size()) {
      pool = pool.sample(o.trainSize, 7);
    }
    Sequential s0 = students.apply(1);
    System.out.printf(
        Locale.ROOT,
        "teacher: %,d params (%s); student '%s': %,d params (%.0fx fewer)%n"
            + "pool %,d images, test %,d; soft labels at %s; %s%n",
        teacher.model().paramCount(),
        teacher.fromCache() ? "cached" : "trained now",
        studentName,
        s0.paramCount(),
        (double) teacher.model().paramCount() / s0.paramCount(),
        pool.size(),
        test.size(),
        kd,
        training);
    Distiller distiller = Distiller.of(teacher, kd, training);

    if (o.regime == DistillBench.Regime.GRID) {
      return grid(distiller, teacher, students, studentName, pool, test, quick ? 50 : TARGET_RUNG);
    }

    List<FewLabels.Result> results = new ArrayList<>();
    List<Transfer> transfers = new ArrayList<>();
    for (int rung : rungs) {
      for (long seed = 1; seed <= seeds; seed++) {
        Distiller d = distiller.withTraining(training.withSeed(seed));
        FewLabels.Result r = FewLabels.run(d, students, TransferSet.of(pool, rung, seed), test);
        results.add(r);
        print(r);
        if (rung == TARGET_RUNG && seed == 1) {
          var onTest = distiller.teacher().logits(test);
          transfers.add(Transfer.of("(a) labels only", r.labelsOnly().student(), onTest, test));
          transfers.add(Transfer.of("(b) + hard labels", r.hardPseudo().student(), onTest, test));
          transfers.add(Transfer.of("(c) + soft labels", r.soft().student(), onTest, test));
        }
      }
    }
    FewLabels.Ladder ladder = FewLabels.ladder(results);
    System.out.println();
    System.out.println(ladder.table().printAll());
    if (!transfers.isEmpty()) {
      System.out.println(Transfer.compare(transfers).printAll());
    }
    boolean hasTarget = results.stream().anyMatch(r -> r.labelsPerClass() == TARGET_RUNG);
    if (hasTarget) {
      System.out.printf(
          Locale.ROOT,
          "gap closed by soft labels at %d labels/class, mean of %d seed(s): %.1f%%   (target ≥ %.0f%%)%n",
          TARGET_RUNG,
          seeds,
          100 * ladder.meanGapClosed(TARGET_RUNG),
          100 * TARGET);
    }
    for (int rung : rungs) {
      double b = ladder.mean(rung, FewLabels.Result::hardPseudoAccuracy);
      double c = ladder.mean(rung, FewLabels.Result::softAccuracy);
      System.out.printf(
          Locale.ROOT,
          "%4d labels/class: soft minus hard pseudo-labels %+.2f points (%s)%n",
          rung,
          100 * (c - b),
          c > b ? "soft labels add to the teacher's arg-max" : "soft labels add nothing here");
    }
    if (!o.noControl) {
      control(recipe, kd, training, students, pool, test, seeds, quick ? 50 : TARGET_RUNG, ladder);
    }
    return 0;
  }

  /**
   * The half-split control: the teacher learns from one half of the training set; the student's
   * labels and transfer set come from the other, whose images that teacher never saw.
   */
  private void control(
      Teacher.Recipe recipe,
      Kd kd,
      TrainingConfig training,
      LongFunction<Sequential> students,
      Dataset pool,
      Dataset test,
      int seeds,
      int rung,
      FewLabels.Ladder main) {
    TransferSet.Halves halves = TransferSet.halves(pool, 1);
    Teacher.Trained half = Teacher.load(recipe, halves.teacherHalf(), "half-a-split1");
    TeacherLogitsCache cache = TeacherLogitsCache.of(half.model());
    List<FewLabels.Result> results = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      Distiller d = new Distiller(cache, kd, training.withSeed(seed));
      FewLabels.Result r =
          FewLabels.run(d, students, TransferSet.of(halves.studentHalf(), rung, seed), test);
      results.add(r);
      System.out.print("control ");
      print(r);
    }
    FewLabels.Ladder ladder = FewLabels.ladder(results);
    System.out.println();
    System.out.println(
        "== half-split control: a teacher on one half, the transfer set from the other ==");
    System.out.println(ladder.table().printAll());
    ToDoubleFunction<FewLabels.Result> gain = r -> r.softAccuracy() - r.labelsOnlyAccuracy();
    double gainControl = ladder.mean(rung, gain);
    double gainMain = main.mean(rung, gain);
    System.out.printf(
        Locale.ROOT,
        "at %d labels/class soft labels gain %+.2f points with a teacher that never saw the transfer"
            + " set (gap closed %.1f%%), against %+.2f points with the course's teacher: %s%n",
        rung,
        100 * gainControl,
        100 * ladder.meanGapClosed(rung),
        100 * gainMain,
        gainMain > 0
            ? String.format(
                Locale.ROOT, "%.0f%% of the gain survives", 100 * gainControl / gainMain)
            : "the course's teacher gave no gain to compare with");
  }

  private int grid(
      Distiller distiller,
      Teacher.Trained teacher,
      LongFunction<Sequential> students,
      String studentName,
      Dataset pool,
      Dataset test,
      int rung) {
    Dataset train;
    String regime;
    if (o.gridRegime == DistillBench.Regime.SAME_DATA) {
      train = pool;
      regime = "same data";
    } else {
      TransferSet few = TransferSet.of(pool, rung, 1);
      var logits = distiller.teacher().logits(few.pool());
      train = few.teacherLabelled(logits);
      distiller.teacher().put(train, few.logitsFor(train, logits));
      regime = rung + " labels/class + transfer set";
    }
    String key =
        KdGrid.key(
            regime,
            teacher.file().getFileName().toString(),
            studentName,
            train,
            distiller.training(),
            GRID_ALPHAS,
            GRID_TEMPERATURES);
    Dataset trainSet = train;
    KdGrid g =
        KdGrid.cached(
            key,
            () ->
                KdGrid.run(
                    regime, distiller, students, trainSet, test, GRID_ALPHAS, GRID_TEMPERATURES));
    System.out.println(g.table().printAll());
    double[] best = g.best();
    double[] byT = g.meanAccuracyByTemperature();
    System.out.printf(
        Locale.ROOT,
        "%s%nbest %.4f at α=%s, T=%s; hard labels %.4f; mean accuracy over α<1 by T %s%n",
        g,
        best[2],
        best[0],
        best[1],
        g.hardLabels(),
        java.util.Arrays.toString(
            java.util.Arrays.stream(byT).map(v -> Math.round(v * 10000) / 10000.0).toArray()));
    return 0;
  }

  private static void print(FewLabels.Result r) {
    System.out.printf(
        Locale.ROOT,
        "%4d labels/class seed %d: (a) %.4f  (b) %.4f  (c) %.4f  teacher %.4f (%.4f on the transfer"
            + " set)  gap closed (b) %.1f%% (c) %.1f%%  [%.0f s + %.0f s + %.0f s]%n",
        r.labelsPerClass(),
        r.seed(),
        r.labelsOnlyAccuracy(),
        r.hardPseudoAccuracy(),
        r.softAccuracy(),
        r.teacher(),
        r.teacherOnTransfer(),
        100 * r.pseudoGapClosed(),
        100 * r.gapClosed(),
        r.labelsOnly().seconds(),
        r.hardPseudo().seconds(),
        r.soft().seconds());
  }
}
