package io.github.compressionlab.bench;

import io.github.compressionlab.Profile;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.data.FashionMnist;
import io.github.compressionlab.distill.Distiller;
import io.github.compressionlab.distill.Kd;
import io.github.compressionlab.distill.SoftLabels;
import io.github.compressionlab.distill.Students;
import io.github.compressionlab.distill.Sweep;
import io.github.compressionlab.models.Teacher;
import io.github.compressionlab.nn.Evaluation;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.TrainingConfig;
import io.github.compressionlab.pipeline.Recipes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Knowledge distillation on Fashion-MNIST. {@code --regime few_labels} (the default, {@link
 * DistillRegimes}): the few-labels ladder with the pipeline's 2-conv student and the half-split
 * control; {@code --regime grid}: the α × T grid. {@code --regime same_data}: the course's teacher
 * ({@link Teacher#load()}, cached) and the notebook's tiny student ({@link Students#mlp}), trained
 * on hard labels and distilled with the same seed and epochs, over 3 seeds. Prints the test
 * accuracies, the share of the student–teacher gap that distillation closes (target ≥ 50%) and the
 * seconds of one distillation run on the full training set (target ≤ 60 s; the teacher logits are
 * computed once before and timed separately).
 *
 * <p>Usage: {@code DistillBench [--quick] [--quick-teacher] [--sweep] [--alpha A] [--temperature T]
 * [--epochs E] [--learning-rate LR] [--student mlp|tiny-cnn|cnn] [--seeds N] [--train-size N]}.
 * Defaults are the notebook's: {@link Students#mlp}, α 0.1, T 4, and {@link
 * Distiller#DEFAULT_TRAINING}'s epochs and learning rate. {@code cnn} is the pipeline's 2-conv
 * student ({@link Recipes#student}, 20,490 parameters); {@code --train-size N} trains both students
 * on a seeded sample of N training images (the teacher still learnt from all of them). {@code
 * --sweep} first sweeps T and α with seed 1 (how the defaults were tuned). {@code --quick} (or
 * {@code LAB_PROFILE=quick}) uses the quick teacher, 6,000 training images, 1 epoch and 1 seed.
 * {@code --quick-teacher} uses the quick teacher with the full data: the student's training time
 * does not depend on which teacher made the logits, so it times the 60 s target while the full
 * teacher is not yet cached (its accuracy figures mean little).
 */
@Command(
    name = "distill",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = {
      "Distils a student from the cached teacher and trains the same student on hard labels, over"
          + " several seeds: accuracies, gap closed, seconds per run."
    })
public final class DistillBench implements Callable<Integer> {
  @Option(
      names = "--quick",
      description = "quick teacher, 6,000 images, 1 epoch, 1 seed (also LAB_PROFILE=quick)")
  boolean quick = Profile.current() == Profile.QUICK;

  /** Which experiment the bench runs. */
  enum Regime {
    /** Few labels + a transfer set, the ladder of rungs, and the half-split control. */
    FEW_LABELS,
    /** Hard labels against distillation on the same labelled images. */
    SAME_DATA,
    /** The α × T grid of one regime (cached in the model cache). */
    GRID
  }

  @Option(
      names = "--regime",
      paramLabel = "few_labels|same_data|grid",
      description = "the experiment (default: ${DEFAULT-VALUE})")
  Regime regime = Regime.FEW_LABELS;

  @Option(
      names = "--rungs",
      split = ",",
      paramLabel = "N,N,...",
      description = "few labels: labels per class (default: 10,100,600)")
  int[] rungs = {10, 100, 600};

  @Option(
      names = "--no-control",
      description = "few labels: skip the half-split control (a teacher on one half)")
  boolean noControl;

  @Option(
      names = "--grid-regime",
      paramLabel = "few_labels|same_data",
      description = "grid: which regime's α × T grid (default: ${DEFAULT-VALUE})")
  Regime gridRegime = Regime.FEW_LABELS;

  @Option(names = "--sweep", description = "same data: first sweep T and α with seed 1")
  boolean sweep;

  @Option(names = "--quick-teacher", description = "the quick teacher with the full data")
  boolean quickTeacher;

  @Option(
      names = "--alpha",
      description = "weight of the hard-label term (default: 0.5 few labels, 0.1 same data)")
  Double alpha;

  @Option(
      names = "--temperature",
      description = "softening temperature (default: 2 few labels, 4 same data)")
  Double temperature;

  @Option(
      names = "--epochs",
      description = "epochs per run (default: Distiller.DEFAULT_TRAINING's)")
  Integer epochs;

  @Option(
      names = "--learning-rate",
      description = "Adam's step size (default: Distiller.DEFAULT_TRAINING's)")
  Double learningRate;

  @Option(
      names = "--student",
      paramLabel = "mlp|tiny-cnn|cnn",
      description = "the student (default: cnn few labels, mlp same data)")
  String studentName;

  @Option(names = "--seeds", description = "seeds to average over (default: ${DEFAULT-VALUE})")
  int seeds = 3;

  @Option(
      names = "--train-size",
      paramLabel = "N",
      description = "train the students on a seeded sample of N images (0: all)")
  int trainSize;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    Cli.main(new DistillBench(), args);
  }

  @Override
  public Integer call() {
    if (regime != Regime.SAME_DATA) {
      return new DistillRegimes(this).run();
    }
    alpha = alpha == null ? 0.1 : alpha;
    temperature = temperature == null ? 4 : temperature;
    studentName = studentName == null ? "mlp" : studentName;
    TrainingConfig.Builder settings = Distiller.DEFAULT_TRAINING.toBuilder();
    if (quick) {
      seeds = 1;
      epochs = 1;
    }
    if (epochs != null) {
      settings.epochs(epochs);
    }
    if (learningRate != null) {
      settings.learningRate(learningRate);
    }
    LongFunction<Sequential> students = student(studentName);

    Teacher.Trained trained =
        Teacher.load(Teacher.Recipe.of(quick || quickTeacher ? Profile.QUICK : Profile.FULL));
    Sequential teacher = trained.model();
    Dataset train = FashionMnist.train();
    Dataset test = FashionMnist.test();
    if (quick) {
      train = train.sample(6_000, 7);
    } else if (trainSize > 0 && trainSize < train.size()) {
      train = train.sample(trainSize, 7);
    } else if (trainSize != 0 && trainSize != train.size()) {
      throw new ParameterException(
          spec.commandLine(), "--train-size must lie in 1.." + train.size() + "; got " + trainSize);
    }
    Distiller distiller = Distiller.of(trained, new Kd(alpha, temperature), settings.build());
    Sequential student = students.apply(distiller.training().seed());
    double teacherAcc = Evaluation.of(teacher, test).accuracy();
    System.out.printf(
        Locale.ROOT,
        "teacher: %,d params, test accuracy %.4f (%s)%nstudent: %,d params (%.0fx fewer)%n"
            + "data: %,d train, %,d test; %s%n",
        teacher.paramCount(),
        teacherAcc,
        trained.fromCache() ? "cached" : "trained now",
        student.paramCount(),
        (double) teacher.paramCount() / student.paramCount(),
        train.size(),
        test.size(),
        distiller);

    long t0 = System.nanoTime();
    distiller.teacherLogits(train);
    System.out.printf(
        Locale.ROOT,
        "teacher logits for %,d training images: %.1f s (once, reused by every run; cached on disk)%n",
        train.size(),
        (System.nanoTime() - t0) / 1e9);
    printTeacherLabels(distiller, train);

    if (sweep) {
      Sweep ts = distiller.sweepTemperature(students, train, test, 1, 2, 4, 8, 16);
      System.out.println(ts.table().printAll());
      Sweep as = distiller.sweepAlpha(students, train, test, 0.0, 0.1, 0.3, 0.5, 0.9);
      System.out.println(as.table().printAll());
    }

    List<Double> hard = new ArrayList<>();
    List<Double> distilled = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    List<Double> cpuSeconds = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      Distiller d = distiller.withTraining(distiller.training().withSeed(seed));
      Distiller.Run base = d.trainHardLabels(students.apply(seed), train);
      long cpu0 = processCpuNanos();
      Distiller.Run dist = d.distill(students.apply(seed), train);
      cpuSeconds.add((processCpuNanos() - cpu0) / 1e9);
      hard.add(base.accuracy(test));
      distilled.add(dist.accuracy(test));
      seconds.add(dist.seconds());
      System.out.printf(
          Locale.ROOT,
          "seed %d: hard labels %.4f (%.1f s), distilled %.4f (%.1f s, %.1f CPU s)%n",
          seed,
          hard.get(hard.size() - 1),
          base.seconds(),
          distilled.get(distilled.size() - 1),
          dist.seconds(),
          cpuSeconds.get(cpuSeconds.size() - 1));
    }
    double h = mean(hard);
    double s = mean(distilled);
    double closed = (s - h) / (teacherAcc - h);
    System.out.printf(
        Locale.ROOT,
        "%n== distillation, mean over %d seed(s), %d epoch(s), α=%s, T=%s ==%n"
            + "teacher            %.4f%n"
            + "student, hard      %.4f%n"
            + "student, distilled %.4f  (%+.2f pp)%n"
            + "gap closed         %s   (target ≥ 50%%)%n"
            + "one distillation run: median %.1f s wall, %.1f s CPU of this process, on %,d"
            + " images   (target ≤ 60 s)%n"
            + "load average while running: %.1f on %d cores (wall time is inflated by other"
            + " processes; CPU time is not)%n",
        seeds,
        distiller.training().epochs(),
        distiller.kd().alpha(),
        distiller.kd().temperature(),
        teacherAcc,
        h,
        s,
        100 * (s - h),
        teacherAcc > h
            ? String.format(Locale.ROOT, "%.1f%%", 100 * closed)
            : "n/a (the teacher is not better)",
        median(seconds),
        median(cpuSeconds),
        train.size(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    return 0;
  }

  /** The student factory named on the command line. */
  LongFunction<Sequential> student(String name) {
    return switch (name) {
      case "mlp" -> Students::mlp;
      case "tiny-cnn" -> Students::tinyCnn;
      case "cnn" -> Recipes::student;
      default -> throw new ParameterException(
          spec.commandLine(),
          "unknown student '" + name + "'; use --student mlp, --student tiny-cnn or --student cnn");
    };
  }

  /**
   * What the student is taught: how often the teacher's arg-max agrees with the hard labels of the
   * training images, and how peaked its soft labels are at T = 1 and at the run's T (mean top
   * probability). Soft labels with a top probability near 1 carry little besides the hard label.
   */
  private static void printTeacherLabels(Distiller distiller, Dataset train) {
    INDArray logits = distiller.teacherLogits(train).logits();
    double agreement =
        Evaluation.of(logits, train.labels(), train.classNames(), train.numClasses()).accuracy();
    double t = distiller.kd().temperature();
    System.out.printf(
        Locale.ROOT,
        "teacher on the training images: agrees with %.2f%% of the hard labels; logits span"
            + " %.1f..%.1f; mean top soft-label probability %.3f at T=1, %.3f at T=%s%n",
        100 * agreement,
        logits.minNumber().doubleValue(),
        logits.maxNumber().doubleValue(),
        meanTop(SoftLabels.softmax(logits, 1)),
        meanTop(SoftLabels.softmax(logits, t)),
        t);
  }

  private static double meanTop(INDArray probabilities) {
    return probabilities.max(1).meanNumber().doubleValue();
  }

  /** CPU time of this whole process (all threads, native ones included). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static double median(List<Double> xs) {
    double[] v = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
