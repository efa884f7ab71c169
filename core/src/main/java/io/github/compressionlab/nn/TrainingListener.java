package io.github.compressionlab.nn;

/**
 * Hooks into {@link Trainer#fit}. Pruning masks, quantization-aware training, distillation and
 * progress display are listeners; none of them copies the training loop.
 *
 * <p>Call order: {@code onFitStart}; then per epoch {@code onEpochStart}, per batch {@code
 * onBatchStart → (forward, loss) → (backward) → afterBackward → (optimizer step) →
 * afterOptimizerStep → onBatchEnd}, then (after validation) {@code onEpochEnd}; finally {@code
 * onFitEnd}, also when training stops early. Every method gets the same {@link TrainingContext},
 * whose fields reflect the current point (epoch, batch index, batch, loss).
 */
public interface TrainingListener {
  default void onFitStart(TrainingContext context) {}

  default void onEpochStart(TrainingContext context) {}

  default void onBatchStart(TrainingContext context) {}

  /** Gradients are in every {@link Parameter#grad()}; a listener may change them (e.g. mask). */
  default void afterBackward(TrainingContext context) {}

  /** Values were just updated; a listener may change them (e.g. re-apply a pruning mask). */
  default void afterOptimizerStep(TrainingContext context) {}

  default void onBatchEnd(TrainingContext context) {}

  /** The epoch's {@link EpochStats} is {@code context.history().last()}. */
  default void onEpochEnd(TrainingContext context) {}

  default void onFitEnd(TrainingContext context) {}
}
