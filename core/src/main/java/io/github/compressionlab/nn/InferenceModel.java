package io.github.compressionlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Anything that maps a batch of inputs to logits: a {@link Sequential} (ND4J), a {@link
 * JavaProgram}, a quantized model; each is what an {@link Engine} compiled from a {@link
 * ModelPlan}. The measure package works on this type, so every compressed model is measured the
 * same way.
 */
public interface InferenceModel {
  /** Logits {@code [N, numClasses]} for inputs {@code [N, inputShape...]}, in inference mode. */
  INDArray predict(INDArray x);

  /** Per-example input shape, e.g. {@code [1, 28, 28]}. */
  long[] inputShape();

  int numClasses();

  /** The plan this model runs: its ops, shapes and (float or integer) weights. */
  ModelPlan plan();
}
