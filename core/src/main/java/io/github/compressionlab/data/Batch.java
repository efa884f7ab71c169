package io.github.compressionlab.data;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One mini-batch.
 *
 * @param features float32 {@code [B, C, H, W]}
 * @param labelsOneHot float32 {@code [B, K]}
 * @param labels class indices, length B
 * @param indices the rows of the {@link Dataset} in this batch, in batch order (distillation uses
 *     them to find cached teacher logits)
 */
public record Batch(INDArray features, INDArray labelsOneHot, int[] labels, int[] indices) {

  /** Number of examples B in this batch (the last batch of an epoch may be smaller). */
  public int size() {
    return labels.length;
  }

  @Override
  public String toString() {
    return "Batch["
        + size()
        + " x "
        + Arrays.toString(Arrays.copyOfRange(features.shape(), 1, features.rank()))
        + "]";
  }
}
