package io.github.compressionlab.nn;

import io.github.compressionlab.data.Batch;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a {@link TrainingListener} sees: the model, optimizer and where training is (epoch, batch
 * index, the batch, its logits and loss). One context lives for one {@link Trainer#fit} call; the
 * trainer updates its fields as it goes.
 */
public final class TrainingContext {
  private final Sequential model;
  private final Optimizer optimizer;
  private final int epochs;
  private final int batchesPerEpoch;
  private final History history;
  int epoch;
  int batchIndex;
  Batch batch;
  INDArray logits;
  double loss = Double.NaN;
  boolean stopRequested;

  TrainingContext(
      Sequential model, Optimizer optimizer, int epochs, int batchesPerEpoch, History history) {
    this.model = model;
    this.optimizer = optimizer;
    this.epochs = epochs;
    this.batchesPerEpoch = batchesPerEpoch;
    this.history = history;
  }

  public Sequential model() {
    return model;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  /** Current epoch, 0-based. */
  public int epoch() {
    return epoch;
  }

  public int epochs() {
    return epochs;
  }

  /** Index of the current batch within its epoch, 0-based. */
  public int batchIndex() {
    return batchIndex;
  }

  public int batchesPerEpoch() {
    return batchesPerEpoch;
  }

  /** The current batch (null outside a batch). */
  public Batch batch() {
    return batch;
  }

  /** The current batch's logits, after the forward pass. */
  public INDArray logits() {
    return logits;
  }

  /** The current batch's loss (NaN before the first forward pass). */
  public double loss() {
    return loss;
  }

  /** The epochs finished so far. */
  public History history() {
    return history;
  }

  /** Asks the trainer to stop after the current epoch (e.g. early stopping). */
  public void requestStop() {
    stopRequested = true;
  }

  public boolean stopRequested() {
    return stopRequested;
  }
}
