package io.github.compressionlab.prune;

import io.github.compressionlab.nn.Sequential;
import java.util.Locale;

/**
 * Decides which weights to remove. A pruner only computes a {@link Mask}; it never changes the
 * model. Masks are applied in one place: {@link Mask#applyTo} for one-shot pruning and {@link
 * MaskListener} while fine-tuning, which keeps pruned weights at exactly zero.
 *
 * <p>Call order: {@link #mask(Sequential, double) mask(model, sparsity)}, then {@code
 * mask.applyTo(model)} (or hand the mask to a {@link MaskListener} in the {@link
 * io.github.compressionlab.nn.Trainer}), then fine-tune. Each call of {@code mask} is independent
 * and reads the model's current values, so weights that are already zero are pruned first: calling
 * it again with a higher sparsity after fine-tuning gives iterative pruning ({@link
 * IterativePruning}) and the gradual schedule ({@link Agp}).
 */
public interface Pruner {
  /**
   * The mask that removes the fraction {@code sparsity} of the weights this pruner looks at.
   *
   * @param sparsity fraction to remove, in {@code [0, 1)}
   * @throws IllegalArgumentException if the sparsity is outside {@code [0, 1)} or the pruner names
   *     a layer the model does not have; the model is never changed
   */
  Mask mask(Sequential model, double sparsity);

  /** Throws a clear error unless {@code sparsity} lies in {@code [0, 1)}. */
  static void checkSparsity(double sparsity) {
    if (!(sparsity >= 0 && sparsity < 1)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "sparsity must lie in [0, 1) (the fraction of weights to remove, e.g. 0.9 for 90%%);"
                  + " got %s",
              sparsity));
    }
  }
}
