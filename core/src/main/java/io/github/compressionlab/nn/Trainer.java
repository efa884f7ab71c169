package io.github.compressionlab.nn;

import io.github.compressionlab.data.Batch;
import io.github.compressionlab.data.Batches;
import io.github.compressionlab.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs epochs of mini-batch training over {@link Batches} with a {@link Loss} and the optimizer of
 * a {@link TrainingConfig}, calling its {@link TrainingListener}s at fixed points (see there for
 * the order), and returns the {@link History}. Batches are shuffled per epoch from the config's
 * seed, so the same model, seed and settings give the same trained weights on the same machine.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder().epochs(5).seed(42).validation(test).build();
 * History h = new Trainer(model, config).fit(train);
 * }</pre>
 */
public final class Trainer {
  private final Sequential model;
  private final Loss loss;
  private final TrainingConfig config;

  /** Trains {@code model} with cross-entropy on the hard labels. */
  public Trainer(Sequential model, TrainingConfig config) {
    this(model, new SoftmaxCrossEntropy(), config);
  }

  /**
   * Trains {@code model} with {@code loss}.
   *
   * @throws IllegalArgumentException if an argument is missing, saying which
   */
  public Trainer(Sequential model, Loss loss, TrainingConfig config) {
    if (model == null) {
      throw new IllegalArgumentException("Trainer needs a model: new Trainer(sequential, config)");
    }
    if (loss == null) {
      throw new IllegalArgumentException(
          "loss is null; use new Trainer(model, config) for cross-entropy");
    }
    if (config == null) {
      throw new IllegalArgumentException(
          "Trainer needs a config, e.g. TrainingConfig.builder().epochs(3).build()");
    }
    this.model = model;
    this.loss = loss;
    this.config = config;
  }

  public TrainingConfig config() {
    return config;
  }

  public Sequential model() {
    return model;
  }

  /**
   * Trains the model on {@code train} and returns the per-epoch figures. Each call starts a fresh
   * copy of the config's optimizer and continues from the model's current weights.
   *
   * @throws TrainingDivergedException if the loss becomes NaN or infinite
   */
  public History fit(Dataset train) {
    int epochs = config.epochs();
    Dataset validation = config.validation();
    Optimizer optimizer = config.optimizer().copy();
    List<TrainingListener> listeners = new ArrayList<>(config.listeners());
    if (config.showProgress()) {
      listeners.add(new ProgressListener());
    }
    Batches batches = new Batches(train, config.batchSize(), true, config.seed());
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
          if (Thread.currentThread().isInterrupted()) {
            // a notebook's interrupt button: stop between batches, the model stays usable
            throw new CancellationException(
                String.format(
                    Locale.ROOT,
                    "training interrupted at epoch %d, batch %d of %d",
                    epoch + 1,
                    index + 1,
                    batches.count()));
          }
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
}
