package io.github.compressionlab.distill;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.models.Teacher;
import io.github.compressionlab.nn.Evaluation;
import io.github.compressionlab.nn.History;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.Loss;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.SoftmaxCrossEntropy;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Knowledge distillation as a policy on the student you have: {@link #distill} trains that student
 * with {@link DistillationLoss} from a fixed teacher, through the ordinary {@link Trainer} with a
 * {@link TrainingConfig} (the same progress display, listeners and {@link History} as any
 * training). The teacher's logits come from a {@link TeacherLogitsCache}, computed once per data
 * set and shared by every distiller made from this one ({@link #withKd}, {@link #withTraining}).
 *
 * <pre>{@code
 * Distiller d = Distiller.of(Teacher.load(), new Kd(0.1, 4),
 *     Distiller.DEFAULT_TRAINING.toBuilder().epochs(3).seed(1).showProgress().build());
 * Distiller.Run distilled = d.distill(Students.mlp(1), train);
 * Distiller.Run baseline = d.trainHardLabels(Students.mlp(1), train); // same start, hard labels
 * }</pre>
 *
 * <p>Sweeps compare many students from the same initial weights, so they take a student factory
 * {@code seed → fresh model} and call it with the training config's seed for every point.
 */
public final class Distiller {
  /** Three epochs of batch 128, Adam 2e-3, seed 1: the workshop's minute for the MLP student. */
  public static final TrainingConfig DEFAULT_TRAINING =
      TrainingConfig.builder().epochs(3).batchSize(128).learningRate(2e-3).seed(1).build();

  private final TeacherLogitsCache teacher;
  private final Kd kd;
  private final TrainingConfig training;

  /**
   * @throws IllegalArgumentException if an argument is missing, saying which
   */
  public Distiller(TeacherLogitsCache teacher, Kd kd, TrainingConfig training) {
    if (teacher == null || kd == null || training == null) {
      throw new IllegalArgumentException(
          "a distiller needs a teacher, distillation settings and a training config, e.g."
              + " Distiller.of(Teacher.load(), new Kd(0.1, 4), Distiller.DEFAULT_TRAINING)");
    }
    this.teacher = teacher;
    this.kd = kd;
    this.training = training;
  }

  /** From any model giving logits (a Sequential, a quantized model, ...). */
  public static Distiller of(InferenceModel teacher, Kd kd, TrainingConfig training) {
    return new Distiller(TeacherLogitsCache.of(teacher), kd, training);
  }

  /** From the course's cached teacher, whose logits are also kept on disk. */
  public static Distiller of(Teacher.Trained teacher, Kd kd, TrainingConfig training) {
    return new Distiller(TeacherLogitsCache.of(teacher), kd, training);
  }

  /** The same teacher (and cache) and training with other distillation settings. */
  public Distiller withKd(Kd kd) {
    return new Distiller(teacher, kd, training);
  }

  /** The same teacher (and cache) and settings with another training config. */
  public Distiller withTraining(TrainingConfig training) {
    return new Distiller(teacher, kd, training);
  }

  public Kd kd() {
    return kd;
  }

  public TrainingConfig training() {
    return training;
  }

  /** The teacher and what it answered so far. */
  public TeacherLogitsCache teacher() {
    return teacher;
  }

  /** The teacher's logits for {@code data}, computed once ({@link TeacherLogitsCache#logits}). */
  public TeacherLogits teacherLogits(Dataset data) {
    return teacher.logits(data);
  }

  /** The teacher's accuracy on {@code test}, computed once per data set. */
  public double teacherAccuracy(Dataset test) {
    return teacher.accuracy(test);
  }

  /**
   * Trains {@code student} in place on {@code train} with the distillation loss.
   *
   * @throws IllegalArgumentException if the student does not read the teacher's inputs or predict
   *     its classes
   */
  public Run distill(Sequential student, Dataset train) {
    requireFits(student);
    TeacherLogits t = teacher.logits(train);
    t.requireMatches(train);
    return fit("distilled (" + kd + ")", student, new DistillationLoss(kd, t), train);
  }

  /**
   * The baseline: {@code student} trained in place on the hard labels alone with cross-entropy, for
   * the same epochs and batches. Give it a student with the same initial weights as the distilled
   * one (the same factory and seed) so that only the loss differs.
   */
  public Run trainHardLabels(Sequential student, Dataset train) {
    requireFits(student);
    InferenceModel t = teacher.teacher();
    if (train.numClasses() != t.numClasses()) {
      throw new IllegalArgumentException(
          "'"
              + train.name()
              + "' has "
              + train.numClasses()
              + " classes but the teacher predicts "
              + t.numClasses());
    }
    return fit("hard labels", student, new SoftmaxCrossEntropy(), train);
  }

  private void requireFits(Sequential s) {
    InferenceModel t = teacher.teacher();
    if (s == null) {
      throw new IllegalArgumentException(
          "give the student to train, e.g. distill(Students.mlp(seed), train)");
    }
    if (s.numClasses() != t.numClasses()) {
      throw new IllegalArgumentException(
          "the teacher predicts "
              + t.numClasses()
              + " classes but the student "
              + s.numClasses()
              + "; give the student a last layer with "
              + t.numClasses()
              + " outputs");
    }
    if (!Arrays.equals(s.inputShape(), t.inputShape())) {
      throw new IllegalArgumentException(
          "the teacher takes inputs "
              + Arrays.toString(t.inputShape())
              + " but the student "
              + Arrays.toString(s.inputShape())
              + "; both must read the same images");
    }
  }

  private Run fit(String label, Sequential student, Loss loss, Dataset train) {
    long start = System.nanoTime();
    History h = new Trainer(student, loss, training).fit(train);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Run(label, kd, training.seed(), student, h, seconds);
  }

  /**
   * Distils one fresh student per temperature (α fixed) and trains the hard-label baseline, every
   * student made by {@code students} from the training config's seed, and scores them on {@code
   * test}.
   */
  public Sweep sweepTemperature(
      LongFunction<Sequential> students, Dataset train, Dataset test, double... temperatures) {
    List<Sweep.Point> points = new ArrayList<>();
    for (double t : temperatures) {
      Run r = withKd(kd.withTemperature(t)).distill(fresh(students), train);
      points.add(point(r, test));
    }
    return sweep("temperature", students, train, test, points);
  }

  /**
   * Distils one fresh student per α (T fixed), plus the baseline; see {@link #sweepTemperature}.
   */
  public Sweep sweepAlpha(
      LongFunction<Sequential> students, Dataset train, Dataset test, double... alphas) {
    List<Sweep.Point> points = new ArrayList<>();
    for (double a : alphas) {
      Run r = withKd(kd.withAlpha(a)).distill(fresh(students), train);
      points.add(point(r, test));
    }
    return sweep("alpha", students, train, test, points);
  }

  private Sequential fresh(LongFunction<Sequential> students) {
    return students.apply(training.seed());
  }

  private Sweep sweep(
      String knob,
      LongFunction<Sequential> students,
      Dataset train,
      Dataset test,
      List<Sweep.Point> points) {
    double baseline = trainHardLabels(fresh(students), train).accuracy(test);
    return new Sweep(knob, points, baseline, teacherAccuracy(test));
  }

  private static Sweep.Point point(Run r, Dataset test) {
    return new Sweep.Point(r.alpha(), r.temperature(), r.accuracy(test), r.seconds());
  }

  @Override
  public String toString() {
    return "Distiller(" + kd + ", " + training + ")";
  }

  /**
   * One trained student.
   *
   * @param label "hard labels" or "distilled (α=…, T=…)"
   * @param kd the distiller's settings (unused by the baseline)
   * @param seed the shuffling seed of its training
   * @param student the trained model
   * @param history per-epoch figures from the trainer
   * @param seconds wall-clock time of training (the teacher logits were computed before)
   */
  public record Run(
      String label, Kd kd, long seed, Sequential student, History history, double seconds) {
    public double alpha() {
      return kd.alpha();
    }

    public double temperature() {
      return kd.temperature();
    }

    /** The student's accuracy on {@code test}. */
    public double accuracy(Dataset test) {
      return Evaluation.of(student, test).accuracy();
    }
  }
}
