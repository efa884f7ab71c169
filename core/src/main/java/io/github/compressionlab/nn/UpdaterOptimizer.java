package io.github.compressionlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * An {@link Optimizer} whose step is one of ND4J's updaters: one {@link GradientUpdater} per
 * trainable parameter, with its state in a view ND4J updates in place. Subclasses only say which
 * updater configuration ({@link #config()}) to use for the current learning rate.
 */
abstract class UpdaterOptimizer implements Optimizer {
  private double learningRate;
  private final List<Parameter> params = new ArrayList<>();
  private final List<GradientUpdater<?>> updaters = new ArrayList<>();
  private final List<INDArray> updates = new ArrayList<>();
  private int iteration;

  UpdaterOptimizer(double learningRate) {
    Optimizer.checkLearningRate(learningRate);
    this.learningRate = learningRate;
  }

  /** A fresh ND4J updater configuration for {@link #learningRate()}. */
  abstract IUpdater config();

  @Override
  public final void initialise(Map<String, Parameter> parameters) {
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
      params.add(p);
      updaters.add(c.instantiate(state, true));
      updates.add(Nd4j.createUninitialized(DataType.FLOAT, p.shape()));
    }
  }

  @Override
  public final void step() {
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      INDArray update = updates.get(i).assign(p.grad());
      // The updater turns the gradient into the step in place (for Adam lr · m̂ / (√v̂ + ε)).
      updaters.get(i).applyUpdater(update, iteration, 0);
      p.value().subi(update);
    }
    iteration++;
  }

  @Override
  public final double learningRate() {
    return learningRate;
  }

  @Override
  public final void setLearningRate(double learningRate) {
    Optimizer.checkLearningRate(learningRate);
    this.learningRate = learningRate;
    for (GradientUpdater<?> u : updaters) {
      u.getConfig().setLrAndSchedule(learningRate, null);
    }
  }
}
