package io.github.compressionlab.nn;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * Stochastic gradient descent, optionally with Nesterov momentum (Sutskever et al., "On the
 * importance of initialization and momentum in deep learning", ICML 2013). With momentum 0 the step
 * is {@code w −= lr·g}; otherwise ND4J's {@code NesterovsUpdater} does the update.
 */
public final class Sgd extends UpdaterOptimizer {
  private final double momentum;

  /** Plain SGD. */
  public Sgd(double learningRate) {
    this(learningRate, 0);
  }

  /** SGD with Nesterov momentum {@code momentum} in [0, 1). */
  public Sgd(double learningRate, double momentum) {
    super(learningRate);
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException(
          "momentum must be in [0, 1), got " + momentum + "; 0.9 is typical");
    }
    this.momentum = momentum;
  }

  @Override
  IUpdater config() {
    return momentum == 0
        ? new org.nd4j.linalg.learning.config.Sgd(learningRate())
        : new Nesterovs(learningRate(), momentum);
  }

  @Override
  public Sgd copy() {
    return new Sgd(learningRate(), momentum);
  }

  @Override
  public String toString() {
    return "Sgd(lr="
        + learningRate()
        + (momentum > 0 ? ", nesterov momentum=" + momentum : "")
        + ")";
  }
}
