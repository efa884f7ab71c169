package io.github.compressionlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Anything that maps a batch of inputs to logits: {@link Sequential}, and later quantized or sparse
 * models. The measure package works on this type, so every compressed model is measured the same
 * way.
 */
public interface InferenceModel {
  /** Logits {@code [N, numClasses]} for inputs {@code [N, inputShape...]}, in inference mode. */
  INDArray predict(INDArray x);

  /** Per-example input shape, e.g. {@code [1, 28, 28]}. */
  long[] inputShape();

  int numClasses();
}
