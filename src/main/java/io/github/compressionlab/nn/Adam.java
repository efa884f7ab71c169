package io.github.compressionlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015), with bias
 * correction. Each parameter gets one ND4J {@link AdamUpdater} (a single native op per step).
 */
public final class Adam implements Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private double learningRate;
  private final List<Parameter> params = new ArrayList<>();
  private final List<AdamUpdater> updaters = new ArrayList<>();
  private final List<INDArray> updates = new ArrayList<>();
  private int iteration;

  /** Adam with the usual betas 0.9, 0.999 and epsilon 1e-8. */
  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-8);
  }

  public Adam(double learningRate, double beta1, double beta2, double epsilon) {
    Optimizer.checkLearningRate(learningRate);
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0)) {
      throw new IllegalArgumentException(
          "Adam needs 0 <= beta1, beta2 < 1 and epsilon > 0; got beta1="
              + beta1
              + ", beta2="
              + beta2
              + ", epsilon="
              + epsilon);
    }
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  @Override
  public void initialise(Map<String, Parameter> parameters) {
    params.clear();
    updaters.clear();
    updates.clear();
    iteration = 0;
    for (Parameter p : parameters.values()) {
      if (!p.trainable()) {
        continue;
      }
      AdamUpdater u = new AdamUpdater(config());
      long n = p.size();
      INDArray state = Nd4j.zeros(DataType.FLOAT, 1, 2 * n);
      u.setStateViewArray(state, p.shape(), 'c', true);
      params.add(p);
      updaters.add(u);
      updates.add(Nd4j.createUninitialized(DataType.FLOAT, p.shape()));
    }
  }

  private org.nd4j.linalg.learning.config.Adam config() {
    return new org.nd4j.linalg.learning.config.Adam(learningRate, beta1, beta2, epsilon);
  }

  @Override
  public void step() {
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      INDArray update = updates.get(i).assign(p.grad());
      // The updater turns the gradient into the step (lr · m̂ / (√v̂ + ε)) in place.
      updaters.get(i).applyUpdater(update, iteration, 0);
      p.value().subi(update);
    }
    iteration++;
  }

  @Override
  public double learningRate() {
    return learningRate;
  }

  @Override
  public void setLearningRate(double learningRate) {
    Optimizer.checkLearningRate(learningRate);
    this.learningRate = learningRate;
    for (AdamUpdater u : updaters) {
      u.setConfig(config());
    }
  }

  @Override
  public Adam copy() {
    return new Adam(learningRate, beta1, beta2, epsilon);
  }

  @Override
  public String toString() {
    return "Adam(lr=" + learningRate + ")";
  }
}
