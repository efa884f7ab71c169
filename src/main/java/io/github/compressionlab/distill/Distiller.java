package io.github.compressionlab.distill;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.models.Teacher;
import io.github.compressionlab.nn.Adam;
import io.github.compressionlab.nn.Evaluation;
import io.github.compressionlab.nn.History;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.Loss;
import io.github.compressionlab.nn.ProgressListener;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.SoftmaxCrossEntropy;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingListener;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Trains a student from a fixed teacher with {@link DistillationLoss}, through the ordinary {@link
 * Trainer}: the same progress display, listeners and {@link History} as any training. The teacher's
 * logits are computed once per training data set and reused by every run of this distiller (sweeps
 * included), since the teacher never changes.
 *
 * <p>The student is given as a factory {@code seed → fresh model}, so every run (a distillation,
 * the hard-label baseline, each point of a sweep) starts from the same initial weights for the same
 * seed, and differences come from the loss alone.
 *
 * <pre>{@code
 * Distiller d = Distiller.builder().teacher(teacher).student(Students::tinyCnn)
 *     .alpha(0.1).temperature(4).epochs(3).seed(1).showProgress().build();
 * Distiller.Run distilled = d.distill(train);
 * Distiller.Run baseline = d.trainHardLabels(train);   // same student, seed and epochs
 * }</pre>
 */
public final class Distiller {
  private final InferenceModel teacher;
  private final String teacherKey;
  private final LongFunction<Sequential> student;
  private final double alpha;
  private final double temperature;
  private final int epochs;
  private final int batchSize;
  private final double learningRate;
  private final long seed;
  private final Dataset validation;
  private final List<TrainingListener> listeners;
  private final boolean showProgress;
  private final Map<Dataset, TeacherLogits> logitsCache;
  private final Map<Dataset, Double> teacherAccuracy;

  private Distiller(Builder b, Map<Dataset, TeacherLogits> cache) {
    this.teacher = b.teacher;
    this.teacherKey = b.teacherKey;
    this.student = b.student;
    this.alpha = b.alpha;
    this.temperature = b.temperature;
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.learningRate = b.learningRate;
    this.seed = b.seed;
    this.validation = b.validation;
    this.listeners = List.copyOf(b.listeners);
    this.showProgress = b.showProgress;
    this.logitsCache = cache;
    this.teacherAccuracy = b.teacherAccuracy != null ? b.teacherAccuracy : new IdentityHashMap<>();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this distiller's settings; what it builds shares the teacher-logit cache. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.teacher = teacher;
    b.teacherKey = teacherKey;
    b.student = student;
    b.alpha = alpha;
    b.temperature = temperature;
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.learningRate = learningRate;
    b.seed = seed;
    b.validation = validation;
    b.listeners.addAll(listeners);
    b.showProgress = showProgress;
    b.logitsCache = logitsCache;
    b.teacherAccuracy = teacherAccuracy;
    return b;
  }

  /** The same distiller with another α (sharing the cached teacher logits). */
  public Distiller withAlpha(double alpha) {
    return toBuilder().alpha(alpha).build();
  }

  /** The same distiller with another temperature (sharing the cached teacher logits). */
  public Distiller withTemperature(double temperature) {
    return toBuilder().temperature(temperature).build();
  }

  /** The same distiller with another seed (sharing the cached teacher logits). */
  public Distiller withSeed(long seed) {
    return toBuilder().seed(seed).build();
  }

  public double alpha() {
    return alpha;
  }

  public double temperature() {
    return temperature;
  }

  public int epochs() {
    return epochs;
  }

  public long seed() {
    return seed;
  }

  /** A fresh, untrained student with this distiller's seed. */
  public Sequential newStudent() {
    Sequential s = student.apply(seed);
    if (s.numClasses() != teacher.numClasses()) {
      throw new IllegalArgumentException(
          "the teacher predicts "
              + teacher.numClasses()
              + " classes but the student "
              + s.numClasses()
              + "; give the student a last layer with "
              + teacher.numClasses()
              + " outputs");
    }
    if (!java.util.Arrays.equals(s.inputShape(), teacher.inputShape())) {
      throw new IllegalArgumentException(
          "the teacher takes inputs "
              + java.util.Arrays.toString(teacher.inputShape())
              + " but the student "
              + java.util.Arrays.toString(s.inputShape())
              + "; both must read the same images");
    }
    return s;
  }

  /**
   * The teacher's logits for {@code data}: computed on the first call for this data set (the same
   * object) and reused afterwards; with a teacher from {@link Builder#teacher(Teacher.Trained)}
   * they are also kept on disk in the model cache ({@link TeacherLogits#cached}).
   */
  public TeacherLogits teacherLogits(Dataset data) {
    synchronized (logitsCache) {
      TeacherLogits t = logitsCache.get(data);
      if (t == null) {
        t =
            teacherKey == null
                ? TeacherLogits.of(teacher, data)
                : TeacherLogits.cached(teacher, teacherKey, data);
        logitsCache.put(data, t);
      }
      return t;
    }
  }

  /** The teacher's accuracy on {@code test}, computed once per data set and remembered. */
  public double teacherAccuracy(Dataset test) {
    synchronized (teacherAccuracy) {
      return teacherAccuracy.computeIfAbsent(test, d -> Evaluation.of(teacher, d).accuracy());
    }
  }

  /** Trains a fresh student on {@code train} with the distillation loss. */
  public Run distill(Dataset train) {
    TeacherLogits t = teacherLogits(train);
    t.requireMatches(train);
    return fit(
        String.format(Locale.ROOT, "distilled (α=%s, T=%s)", num(alpha), num(temperature)),
        new DistillationLoss(alpha, temperature, t),
        train);
  }

  /**
   * The baseline: the same fresh student (same seed) trained on the hard labels alone with
   * cross-entropy, for the same epochs and batches.
   */
  public Run trainHardLabels(Dataset train) {
    if (train.numClasses() != teacher.numClasses()) {
      throw new IllegalArgumentException(
          "'"
              + train.name()
              + "' has "
              + train.numClasses()
              + " classes but the teacher predicts "
              + teacher.numClasses());
    }
    return fit("hard labels", new SoftmaxCrossEntropy(), train);
  }

  private Run fit(String label, Loss loss, Dataset train) {
    Sequential s = newStudent();
    Trainer.Builder tb =
        Trainer.builder()
            .model(s)
            .loss(loss)
            .optimizer(new Adam(learningRate))
            .epochs(epochs)
            .batchSize(batchSize)
            .seed(seed)
            .validation(validation)
            .listeners(listeners);
    if (showProgress) {
      tb.listener(new ProgressListener());
    }
    long start = System.nanoTime();
    History h = tb.build().fit(train);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Run(label, alpha, temperature, seed, s, h, seconds);
  }

  /**
   * Distils one student per temperature (α fixed) and trains the hard-label baseline, all with the
   * same seed and epochs, and scores them on {@code test}.
   */
  public Sweep sweepTemperature(Dataset train, Dataset test, double... temperatures) {
    List<Sweep.Point> points = new ArrayList<>();
    for (double t : temperatures) {
      Run r = withTemperature(t).distill(train);
      points.add(point(r, test));
    }
    return sweep("temperature", train, test, points);
  }

  /** Distils one student per α (T fixed), plus the baseline; see {@link #sweepTemperature}. */
  public Sweep sweepAlpha(Dataset train, Dataset test, double... alphas) {
    List<Sweep.Point> points = new ArrayList<>();
    for (double a : alphas) {
      Run r = withAlpha(a).distill(train);
      points.add(point(r, test));
    }
    return sweep("alpha", train, test, points);
  }

  private Sweep sweep(String knob, Dataset train, Dataset test, List<Sweep.Point> points) {
    double baseline = trainHardLabels(train).accuracy(test);
    double teacherAcc = teacherAccuracy(test);
    return new Sweep(knob, points, baseline, teacherAcc);
  }

  private static Sweep.Point point(Run r, Dataset test) {
    return new Sweep.Point(r.alpha(), r.temperature(), r.accuracy(test), r.seconds());
  }

  private static String num(double v) {
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "Distiller(alpha=%s, T=%s, epochs=%d, batch=%d, lr=%s, seed=%d)",
        num(alpha),
        num(temperature),
        epochs,
        batchSize,
        num(learningRate),
        seed);
  }

  /**
   * One trained student.
   *
   * @param label "hard labels" or "distilled (α=…, T=…)"
   * @param alpha the distiller's α (unused by the baseline)
   * @param temperature the distiller's T (unused by the baseline)
   * @param seed initial weights and shuffling
   * @param student the trained model
   * @param history per-epoch figures from the trainer
   * @param seconds wall-clock time of training (the teacher logits were computed before)
   */
  public record Run(
      String label,
      double alpha,
      double temperature,
      long seed,
      Sequential student,
      History history,
      double seconds) {
    /** The student's accuracy on {@code test}. */
    public double accuracy(Dataset test) {
      return Evaluation.of(student, test).accuracy();
    }
  }

  /** Settings of a {@link Distiller}; {@link #teacher} and {@link #student} are required. */
  public static final class Builder {
    private InferenceModel teacher;
    private String teacherKey;
    private LongFunction<Sequential> student;
    private double alpha = 0.1;
    private double temperature = 4;
    private int epochs = 3;
    private int batchSize = 128;
    private double learningRate = 2e-3;
    private long seed = 1;
    private Dataset validation;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private boolean showProgress;
    private Map<Dataset, TeacherLogits> logitsCache;
    private Map<Dataset, Double> teacherAccuracy;

    /** The fixed teacher (any model giving logits: a Sequential, a quantized model, …). */
    public Builder teacher(InferenceModel teacher) {
      this.teacher = teacher;
      this.teacherKey = null;
      return this;
    }

    /**
     * The course's cached teacher; its logits are kept in the model cache too, so later notebooks
     * and runs skip recomputing them.
     */
    public Builder teacher(Teacher.Trained trained) {
      this.teacher = trained.model();
      String file = trained.file().getFileName().toString();
      this.teacherKey = file.replaceFirst("\\.safetensors$", "");
      return this;
    }

    /** How to make a fresh student from a seed, e.g. {@code Students::tinyCnn}. */
    public Builder student(LongFunction<Sequential> factory) {
      this.student = factory;
      return this;
    }

    /** Weight of the hard-label term, in [0, 1] (default 0.1). */
    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    /** Temperature of the soft term, &gt; 0 (default 4). */
    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    /**
     * Passes over the training set (default 3: the MLP student then trains on all 60,000
     * Fashion-MNIST images in about 50 CPU seconds, inside the workshop's one minute).
     */
    public Builder epochs(int epochs) {
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /** Mini-batch size (default 128). */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Adam's step size (default 0.002). */
    public Builder learningRate(double learningRate) {
      if (!(learningRate > 0)) {
        throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
      }
      this.learningRate = learningRate;
      return this;
    }

    /** Seed of the student's initial weights and of the shuffling (default 1). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** A data set scored after every epoch (cross-entropy and accuracy on hard labels). */
    public Builder validation(Dataset validation) {
      this.validation = validation;
      return this;
    }

    public Builder listener(TrainingListener listener) {
      listeners.add(listener);
      return this;
    }

    /** Shows the trainer's progress display during every run. */
    public Builder showProgress() {
      this.showProgress = true;
      return this;
    }

    /**
     * @throws IllegalArgumentException if teacher or student is missing, or α or T is out of range
     */
    public Distiller build() {
      if (teacher == null) {
        throw new IllegalArgumentException(
            "Distiller needs a teacher: .teacher(Teacher.load().model())");
      }
      if (student == null) {
        throw new IllegalArgumentException(
            "Distiller needs a student factory: .student(Students::tinyCnn) or .student(seed ->"
                + " Sequential.builder(1, 28, 28).seed(seed)...build())");
      }
      new DistillationLoss(alpha, temperature); // checks α and T with clear messages
      return new Distiller(this, logitsCache != null ? logitsCache : new IdentityHashMap<>());
    }
  }
}
