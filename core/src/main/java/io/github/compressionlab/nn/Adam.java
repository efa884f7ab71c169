package io.github.compressionlab.nn;

import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015), with bias
 * correction. Each parameter gets one ND4J {@link AdamUpdater} (a single native op per step).
 */
public final class Adam extends UpdaterOptimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;

  /** Adam with the usual betas 0.9, 0.999 and epsilon 1e-8. */
  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-8);
  }

  public Adam(double learningRate, double beta1, double beta2, double epsilon) {
    super(learningRate);
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0)) {
      throw new IllegalArgumentException(
          "Adam needs 0 <= beta1, beta2 < 1 and epsilon > 0; got beta1="
              + beta1
              + ", beta2="
              + beta2
              + ", epsilon="
              + epsilon);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  @Override
  IUpdater config() {
    return new org.nd4j.linalg.learning.config.Adam(learningRate(), beta1, beta2, epsilon);
  }

  @Override
  public Adam copy() {
    return new Adam(learningRate(), beta1, beta2, epsilon);
  }

  @Override
  public String toString() {
    return "Adam(lr=" + learningRate() + ")";
  }
}
