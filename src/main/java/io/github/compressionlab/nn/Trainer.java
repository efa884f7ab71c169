package io.github.compressionlab.nn;

import io.github.compressionlab.data.Batch;
import io.github.compressionlab.data.Batches;
import io.github.compressionlab.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs epochs of mini-batch training over {@link Batches} with a {@link Loss} and an {@link
 * Optimizer}, calling {@link TrainingListener}s at fixed points (see there for the order), and
 * returns the {@link History}. Batches are shuffled per epoch from the seed, so the same model,
 * seed and settings give the same trained weights on the same machine.
 *
 * <pre>{@code
 * History h = Trainer.builder().model(model).optimizer(new Adam(1e-3))
 *     .epochs(5).batchSize(128).seed(42).validation(test).build().fit(train);
 * }</pre>
 */
public final class Trainer {
  private final Sequential model;
  private final Loss loss;
  private final Optimizer optimizer;
  private final int epochs;
  private final int batchSize;
  private final long seed;
  private final Dataset validation;
  private final List<TrainingListener> listeners;

  private Trainer(Builder b) {
    this.model = b.model;
    this.loss = b.loss;
    this.optimizer = b.optimizer;
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.seed = b.seed;
    this.validation = b.validation;
    this.listeners = List.copyOf(b.listeners);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Sequential model() {
    return model;
  }

  /**
   * Trains the model on {@code train} and returns the per-epoch figures. Each call starts the
   * optimizer afresh ({@link Optimizer#initialise}) and continues from the model's current weights.
   *
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   */
  public History fit(Dataset train) {
    Batches batches = new Batches(train, batchSize, true, seed);
    History history = new History();
    TrainingContext ctx = new TrainingContext(model, optimizer, epochs, batches.count(), history);
    optimizer.initialise(model.parameters());
    for (TrainingListener l : listeners) {
      l.onFitStart(ctx);
    }
    try {
      for (int epoch = 0; epoch < epochs && !ctx.stopRequested; epoch++) {
        ctx.epoch = epoch;
        for (TrainingListener l : listeners) {
          l.onEpochStart(ctx);
        }
        long start = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int index = 0;
        for (Batch batch : batches.epoch(epoch)) {
          ctx.batchIndex = index;
          ctx.batch = batch;
          for (TrainingListener l : listeners) {
            l.onBatchStart(ctx);
          }
          INDArray logits = model.forward(batch.features(), true);
          ctx.logits = logits;
          double value = loss.forward(logits, batch);
          if (!Double.isFinite(value)) {
            throw new TrainingDivergedException(
                String.format(
                    Locale.ROOT,
                    "training diverged: the loss is %s at epoch %d, batch %d of %d (learning rate"
                        + " %g); lower the learning rate, e.g. to %g",
                    value,
                    epoch + 1,
                    index + 1,
                    batches.count(),
                    optimizer.learningRate(),
                    optimizer.learningRate() / 10));
          }
          ctx.loss = value;
          model.backwardParameters(loss.backward());
          for (TrainingListener l : listeners) {
            l.afterBackward(ctx);
          }
          optimizer.step();
          for (TrainingListener l : listeners) {
            l.afterOptimizerStep(ctx);
          }
          lossSum += value * batch.size();
          correct += countCorrect(logits, batch.labels());
          seen += batch.size();
          for (TrainingListener l : listeners) {
            l.onBatchEnd(ctx);
          }
          index++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ctx.batch = null;
        double valLoss = Double.NaN;
        double valAcc = Double.NaN;
        if (validation != null) {
          Evaluation ev = Evaluation.of(model, validation);
          valLoss = ev.crossEntropy();
          valAcc = ev.accuracy();
        }
        history.add(
            new EpochStats(
                epoch, lossSum / seen, (double) correct / seen, valLoss, valAcc, seconds));
        for (TrainingListener l : listeners) {
          l.onEpochEnd(ctx);
        }
      }
    } finally {
      for (TrainingListener l : listeners) {
        l.onFitEnd(ctx);
      }
    }
    return history;
  }

  private static long countCorrect(INDArray logits, int[] labels) {
    int[] predicted = logits.argMax(1).toIntVector();
    long c = 0;
    for (int i = 0; i < labels.length; i++) {
      if (predicted[i] == labels[i]) {
        c++;
      }
    }
    return c;
  }

  /** Settings of a {@link Trainer}; only {@link #model} is required. */
  public static final class Builder {
    private Sequential model;
    private Loss loss = new SoftmaxCrossEntropy();
    private Optimizer optimizer;
    private int epochs = 1;
    private int batchSize = 128;
    private long seed;
    private Dataset validation;
    private final List<TrainingListener> listeners = new ArrayList<>();

    public Builder model(Sequential model) {
      this.model = model;
      return this;
    }

    /** The training loss (default {@link SoftmaxCrossEntropy}). */
    public Builder loss(Loss loss) {
      this.loss = loss;
      return this;
    }

    /** The optimizer (default {@code new Adam(1e-3)}). */
    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    public Builder epochs(int epochs) {
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException(
            "batch size must be a positive number of examples, got "
                + batchSize
                + "; 32-256 is usual");
      }
      this.batchSize = batchSize;
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

    public Builder listener(TrainingListener listener) {
      listeners.add(listener);
      return this;
    }

    public Builder listeners(List<? extends TrainingListener> more) {
      listeners.addAll(more);
      return this;
    }

    /** Adds a {@link ProgressListener} writing to {@link ProgressSink#create()}. */
    public Builder showProgress() {
      listeners.add(new ProgressListener());
      return this;
    }

    public Trainer build() {
      if (model == null) {
        throw new IllegalArgumentException("Trainer needs a model: call .model(sequential)");
      }
      if (loss == null) {
        throw new IllegalArgumentException("loss is null; leave it unset for cross-entropy");
      }
      if (optimizer == null) {
        optimizer = new Adam(1e-3);
      }
      return new Trainer(this);
    }
  }
}
