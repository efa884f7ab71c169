package io.github.compressionlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Inference path of {@link Dense} for tiny batches (filled in after measuring). */
final class SmallBatchDense {
  private final INDArray weight;
  private final INDArray bias;

  SmallBatchDense(INDArray weight, INDArray bias) {
    this.weight = weight;
    this.bias = bias;
  }

  static boolean suits(long batch) {
    return false;
  }

  INDArray forward(INDArray x) {
    return x.mmul(weight).addiRowVector(bias);
  }
}
