package io.github.compressionlab.nn;

import io.github.compressionlab.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a model is trained, in one immutable, validated value that every technique that trains takes
 * ({@link Trainer}, distillation, QAT, Deep Compression's fine-tuning, NAS trials, the teacher's
 * recipe) instead of repeating the knobs in builders of its own.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder().epochs(3).batchSize(128).learningRate(2e-3)
 *     .seed(1).validation(test).showProgress().build();
 * new Trainer(model, config).fit(train);
 * }</pre>
 *
 * @param epochs passes over the training set, at least 1
 * @param batchSize examples per mini-batch, at least 1
 * @param optimizer the optimizer's settings; every fit trains with a fresh {@link
 *     Optimizer#copy()}, so one config can train many models
 * @param seed seed of the per-epoch shuffling
 * @param validation a data set scored after every epoch, or null
 * @param listeners called at the trainer's fixed points, in order (see {@link TrainingListener})
 * @param showProgress whether to show a progress display (after the listeners)
 */
public record TrainingConfig(
    int epochs,
    int batchSize,
    Optimizer optimizer,
    long seed,
    Dataset validation,
    List<TrainingListener> listeners,
    boolean showProgress) {

  public TrainingConfig {
    if (epochs < 1) {
      throw new IllegalArgumentException(
          "epochs must be at least 1, got " + epochs + "; set .epochs(n) with n >= 1");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException(
          "batch size must be a positive number of examples, got "
              + batchSize
              + "; 32-256 is usual, e.g. .batchSize(128)");
    }
    if (optimizer == null) {
      throw new IllegalArgumentException(
          "the optimizer is null; leave it unset for Adam, or set .learningRate(lr) or"
              + " .optimizer(new Sgd(0.05, 0.9))");
    }
    if (listeners == null || listeners.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("listeners must not be null; leave them out instead");
    }
    listeners = List.copyOf(listeners);
  }

  /** Defaults: 1 epoch, batch 128, Adam 1e-3, seed 0, no validation, no listeners, no display. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults of {@link #builder()}: how the lab's reference models are trained. */
  public static TrainingConfig defaults() {
    return builder().build();
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.optimizer = optimizer;
    b.seed = seed;
    b.validation = validation;
    b.listeners.addAll(listeners);
    b.showProgress = showProgress;
    return b;
  }

  /** The same config for another number of epochs. */
  public TrainingConfig withEpochs(int epochs) {
    return toBuilder().epochs(epochs).build();
  }

  /** The same config with another shuffling seed. */
  public TrainingConfig withSeed(long seed) {
    return toBuilder().seed(seed).build();
  }

  /** The same config with {@code listener} called after the others. */
  public TrainingConfig withListener(TrainingListener listener) {
    return toBuilder().listener(listener).build();
  }

  /** The optimizer's learning rate. */
  public double learningRate() {
    return optimizer.learningRate();
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "TrainingConfig(%d epochs, batch %d, %s, seed %d%s%s%s)",
        epochs,
        batchSize,
        optimizer,
        seed,
        validation != null ? ", validation " + validation.name() : "",
        listeners.isEmpty() ? "" : ", listeners " + listeners,
        showProgress ? ", progress" : "");
  }

  /** Named setters for a {@link TrainingConfig}; {@link #build()} checks every value. */
  public static final class Builder {
    private int epochs = 1;
    private int batchSize = 128;
    private Optimizer optimizer = new Adam(1e-3);
    private long seed;
    private Dataset validation;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private boolean showProgress;

    private Builder() {}

    /** Passes over the training set (default 1). */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /** Examples per mini-batch (default 128). */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** The optimizer (default {@code new Adam(1e-3)}); each fit uses a fresh copy. */
    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /**
     * Adam with this step size (the lab's usual optimizer).
     *
     * @throws IllegalArgumentException at once if the learning rate is not a positive number
     */
    public Builder learningRate(double learningRate) {
      this.optimizer = new Adam(learningRate);
      return this;
    }

    /** Seed of the per-epoch shuffling (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** A data set scored after every epoch (inference mode, cross-entropy and accuracy). */
    public Builder validation(Dataset validation) {
      this.validation = validation;
      return this;
    }

    /** Adds a listener, called after those added before. */
    public Builder listener(TrainingListener listener) {
      listeners.add(listener);
      return this;
    }

    public Builder listeners(List<? extends TrainingListener> more) {
      listeners.addAll(more);
      return this;
    }

    /** Shows a {@link ProgressListener} display, written to {@link ProgressSink#create()}. */
    public Builder showProgress() {
      return showProgress(true);
    }

    public Builder showProgress(boolean show) {
      this.showProgress = show;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the value that is wrong and how to fix it
     */
    public TrainingConfig build() {
      return new TrainingConfig(
          epochs, batchSize, optimizer, seed, validation, listeners, showProgress);
    }
  }
}
