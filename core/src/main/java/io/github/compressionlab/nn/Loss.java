package io.github.compressionlab.nn;

import io.github.compressionlab.data.Batch;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training objective on logits. Call order per batch: {@link #forward} then {@link #backward}
 * once; {@code backward} returns the gradient of the value that {@code forward} returned with
 * respect to those logits. Distillation plugs in its own loss here; the batch carries the labels
 * and the dataset row indices (to look up cached teacher logits).
 */
public interface Loss {
  /** The loss, averaged over the batch. */
  double forward(INDArray logits, Batch batch);

  /** d(loss)/d(logits), same shape as the logits passed to {@link #forward}. */
  INDArray backward();
}
