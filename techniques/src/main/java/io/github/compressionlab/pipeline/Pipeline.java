package io.github.compressionlab.pipeline;

import io.github.compressionlab.TableView;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.distill.TeacherLogitsCache;
import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.measure.FastestEngine;
import io.github.compressionlab.nn.Engine;
import io.github.compressionlab.nn.Evaluation;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.ModelPlan;
import io.github.compressionlab.nn.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs compression steps one after another on a model and measures the result of each: test
 * accuracy on the whole test set, parameters, non-zero parameters, bytes of the file the step
 * wrote, and batch-1 latency on the fastest engine the lab has for that model ({@link
 * FastestEngine}: ND4J or the plain-Java engine for float models, the integer engine for quantized
 * ones).
 *
 * <pre>{@code
 * Pipeline.Result r = Pipeline.builder().train(train).test(test).seed(42)
 *     .step(Steps.distill(Students::tinyCnn, new Kd(0.5, 2), 10))
 *     .step(Steps.pruneWeights(0.5, 2, new Kd(0.5, 2)))
 *     .step(Steps.quantize(8, 0))
 *     .build()
 *     .run("teacher", teacher);
 * r.table();
 * }</pre>
 *
 * <p>Each step checks its settings when it is made, and {@link Builder#build()} checks that the
 * steps can follow each other (nothing trains after quantization), so a wrong pipeline fails before
 * it trains anything. Each step writes its model to its own file in {@link Builder#directory}, and
 * the pipeline never changes a model an earlier step produced. If a step fails, {@link
 * PipelineException} carries the result of every step before it.
 */
public final class Pipeline {
  private final Dataset train;
  private final Dataset test;
  private final long seed;
  private final boolean showProgress;
  private final Path directory;
  private final List<Step> steps;
  private final int warmup;
  private final int repeats;

  private Pipeline(Builder b) {
    this.train = b.train;
    this.test = b.test;
    this.seed = b.seed;
    this.showProgress = b.showProgress;
    this.directory = b.directory;
    this.steps = List.copyOf(b.steps);
    this.warmup = b.warmup;
    this.repeats = b.repeats;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The steps, in order. */
  public List<Step> steps() {
    return steps;
  }

  /**
   * Measures {@code model} as the starting row, then applies every step to the previous step's
   * result and measures that.
   *
   * @param label the starting row's name, e.g. {@code "teacher"}
   * @throws PipelineException if a step fails; it holds the rows measured before
   */
  public Result run(String label, Sequential model) {
    Objects.requireNonNull(model, "model");
    Path dir = directory();
    List<Row> rows = new ArrayList<>();
    long t0 = System.nanoTime();
    Map<InferenceModel, TeacherLogitsCache> teachers = new IdentityHashMap<>();
    Path startFile =
        new PipelineContext(train, null, seed, showProgress, dir, 0, teachers)
            .file(label, "safetensors");
    ModelFile.save(model, startFile);
    Artifact current = new Artifact(model.copy(), null, model, "float32", startFile);
    Artifact original = current;
    rows.add(measure(0, label, "none", current, seconds(t0)));
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      PipelineContext context =
          new PipelineContext(train, original, seed, showProgress, dir, i + 1, teachers);
      long t = System.nanoTime();
      Artifact next;
      try {
        next = Objects.requireNonNull(step.apply(current, context), "step returned no artifact");
      } catch (Exception | Error e) {
        if (e instanceof VirtualMachineError vme) {
          throw vme;
        }
        throw new PipelineException(
            "step " + (i + 1) + " ('" + step.name() + "') failed: " + e.getMessage(),
            e,
            new Result(rows));
      }
      rows.add(measure(i + 1, step.name(), step.technique(), next, seconds(t)));
      current = next;
    }
    return new Result(rows);
  }

  private Path directory() {
    try {
      if (directory == null) {
        return Files.createTempDirectory("compression-pipeline-");
      }
      Files.createDirectories(directory);
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the pipeline's directory " + directory, e);
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private Row measure(int index, String name, String technique, Artifact a, double seconds) {
    double accuracy = Evaluation.of(a.runnable(), test).accuracy();
    ModelPlan plan = a.runnable().plan();
    long bytes;
    try {
      bytes = Files.size(a.file());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + a.file(), e);
    }
    FastestEngine best = FastestEngine.of(a.runnable().plan(), 1, warmup, repeats);
    return new Row(
        index,
        name,
        technique,
        a.format(),
        accuracy,
        plan.params(),
        plan.nonZeroParams(),
        bytes,
        best.latency().medianMs(),
        best.engine(),
        seconds,
        a);
  }

  /**
   * One measured model.
   *
   * @param latencyMs batch-1 median latency on {@code engine}, in milliseconds
   * @param engine the fastest engine for this model at batch 1 ({@link FastestEngine})
   * @param seconds how long the step took, training included
   */
  public record Row(
      int index,
      String step,
      String technique,
      String format,
      double accuracy,
      long params,
      long nonZeros,
      long fileBytes,
      double latencyMs,
      Engine engine,
      double seconds,
      Artifact artifact) {}

  /** The rows of a run: the starting model first, then one per step. */
  public record Result(List<Row> rows) implements TableView {
    public Result {
      rows = List.copyOf(rows);
    }

    public Row first() {
      return rows.get(0);
    }

    public Row last() {
      return rows.get(rows.size() - 1);
    }

    /**
     * The first row made by {@code technique} (e.g. {@code "weight pruning"}), so that code reading
     * a row does not depend on which steps came before it.
     *
     * @throws IllegalArgumentException if no step used that technique, naming those that did
     */
    public Row byTechnique(String technique) {
      for (Row r : rows) {
        if (r.technique().equals(technique)) {
          return r;
        }
      }
      throw new IllegalArgumentException(
          "no step of this pipeline used '"
              + technique
              + "'; its techniques are "
              + rows.stream().map(Row::technique).toList());
    }

    /** The final model, as it runs. */
    public InferenceModel model() {
      return last().artifact().runnable();
    }

    /** One row per model: step, technique, format, accuracy, params, non-zeros, KB, ms, engine. */
    @Override
    public tech.tablesaw.api.Table table() {
      return Reports.steps(this);
    }

    /** Without against with compression: size, batch-1 latency and accuracy, with the ratios. */
    public tech.tablesaw.api.Table withoutVsWith() {
      return Reports.withoutVsWith(first(), last());
    }

    /** File size of the first model over the last one's. */
    public double sizeRatio() {
      return (double) first().fileBytes() / last().fileBytes();
    }

    /** Batch-1 latency of the first model over the last one's. */
    public double speedup() {
      return first().latencyMs() / last().latencyMs();
    }

    /** Accuracy of the last model minus the first one's, in percentage points. */
    public double accuracyChangePoints() {
      return 100 * (last().accuracy() - first().accuracy());
    }
  }

  /** Settings of a {@link Pipeline}; {@link #train} and {@link #test} are required. */
  public static final class Builder {
    private Dataset train;
    private Dataset test;
    private long seed = 42;
    private boolean showProgress;
    private Path directory;
    private final List<Step> steps = new ArrayList<>();
    private int warmup = 300;
    private int repeats = 200;

    private Builder() {}

    /** The images steps train on. */
    public Builder train(Dataset train) {
      this.train = Objects.requireNonNull(train, "train");
      return this;
    }

    /** The images every row's accuracy is measured on (the whole test set). */
    public Builder test(Dataset test) {
      this.test = Objects.requireNonNull(test, "test");
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder showProgress() {
      this.showProgress = true;
      return this;
    }

    /** Where each step's file goes (default: a new temporary directory per run). */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Batch-1 latency: warm-up calls and timed calls per model (default 300 and 200; the JIT
     * compiles the plain-Java and integer engines during the warm-up).
     */
    public Builder latency(int warmup, int repeats) {
      if (warmup < 0 || repeats < 1) {
        throw new IllegalArgumentException(
            "latency needs warmup >= 0 and repeats >= 1, got " + warmup + " and " + repeats);
      }
      this.warmup = warmup;
      this.repeats = repeats;
      return this;
    }

    /** Adds a step (see {@link Steps}). */
    public Builder step(Step step) {
      steps.add(Objects.requireNonNull(step, "step"));
      return this;
    }

    /**
     * @throws IllegalStateException without training or test data
     * @throws IllegalArgumentException if a step cannot take what the step before it leaves, naming
     *     both
     */
    public Pipeline build() {
      if (train == null || test == null) {
        throw new IllegalStateException(
            "a pipeline needs train(...) and test(...) data sets before build()");
      }
      Step.Form form = Step.Form.DENSE_FLOAT;
      String madeBy = "the starting model";
      for (int i = 0; i < steps.size(); i++) {
        Step s = steps.get(i);
        if (!s.accepts().contains(form)) {
          throw new IllegalArgumentException(
              "step "
                  + (i + 1)
                  + " ('"
                  + s.name()
                  + "') cannot follow "
                  + madeBy
                  + ": "
                  + Steps.whyNot(form));
        }
        form = s.output(form);
        madeBy = "step " + (i + 1) + " ('" + s.name() + "')";
      }
      return new Pipeline(this);
    }
  }
}
