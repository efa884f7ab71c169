package io.github.compressionlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * Stochastic gradient descent, optionally with Nesterov momentum (Sutskever et al., "On the
 * importance of initialization and momentum in deep learning", ICML 2013). With momentum 0 the step
 * is {@code w −= lr·g}; otherwise ND4J's {@code NesterovsUpdater} does the update.
 */
public final class Sgd implements Optimizer {
  private final double momentum;
  private double learningRate;
  private final List<Parameter> params = new ArrayList<>();
  private final List<GradientUpdater<?>> updaters = new ArrayList<>();
  private final List<INDArray> updates = new ArrayList<>();
  private int iteration;

  /** Plain SGD. */
  public Sgd(double learningRate) {
    this(learningRate, 0);
  }

  /** SGD with Nesterov momentum {@code momentum} in [0, 1). */
  public Sgd(double learningRate, double momentum) {
    Optimizer.checkLearningRate(learningRate);
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException(
          "momentum must be in [0, 1), got " + momentum + "; 0.9 is typical");
    }
    this.learningRate = learningRate;
    this.momentum = momentum;
  }

  private IUpdater config() {
    return momentum == 0
        ? new org.nd4j.linalg.learning.config.Sgd(learningRate)
        : new Nesterovs(learningRate, momentum);
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
      IUpdater c = config();
      long stateSize = c.stateSize(p.size());
      INDArray state = stateSize == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, stateSize);
      GradientUpdater<?> u = c.instantiate(state, true);
      params.add(p);
      updaters.add(u);
      updates.add(Nd4j.createUninitialized(DataType.FLOAT, p.shape()));
    }
  }

  @Override
  public void step() {
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      INDArray update = updates.get(i).assign(p.grad());
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
    for (GradientUpdater<?> u : updaters) {
      IUpdater c = u.getConfig();
      c.setLrAndSchedule(learningRate, null);
    }
  }

  @Override
  public Sgd copy() {
    return new Sgd(learningRate, momentum);
  }

  @Override
  public String toString() {
    return "Sgd(lr=" + learningRate + (momentum > 0 ? ", nesterov momentum=" + momentum : "") + ")";
  }
}
