package io.github.compressionlab.nn;

import java.util.Map;

/**
 * Updates parameters from their gradients.
 *
 * <p>Call order: {@link #initialise} once with the model's parameters (creates per-parameter
 * state), then {@link #step()} once per batch after the backward pass, until training ends. {@link
 * #copy()} gives an optimizer with the same settings and fresh state, for a new training run.
 */
public interface Optimizer {
  /** Binds the optimizer to these parameters and resets its state. */
  void initialise(Map<String, Parameter> parameters);

  /** Updates every parameter's value in place from its current gradient. */
  void step();

  double learningRate();

  /** Changes the learning rate for the following steps (for schedules). */
  void setLearningRate(double learningRate);

  /** Same settings, fresh state. */
  Optimizer copy();

  static void checkLearningRate(double lr) {
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException(
          "learning rate must be a positive number, got "
              + lr
              + "; typical values are 1e-3 (Adam) or 0.01-0.1 (SGD)");
    }
  }
}
