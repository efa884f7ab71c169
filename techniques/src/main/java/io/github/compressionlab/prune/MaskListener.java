package io.github.compressionlab.prune;

import io.github.compressionlab.nn.TrainingContext;
import io.github.compressionlab.nn.TrainingListener;

/**
 * The one place where masks touch a model during training: keeps pruned weights at exactly zero
 * while the rest of the network is fine-tuned.
 *
 * <p>At {@code onFitStart} the mask is applied to the weights; {@code afterBackward} zeroes the
 * gradients of pruned weights (so plain SGD would leave them at zero), and {@code
 * afterOptimizerStep} zeroes the pruned weights again, because optimizers with momentum (Adam) can
 * still move a weight whose gradient is zero. {@link #setMask} swaps the mask between batches,
 * which is how {@link Agp} and {@link IterativePruning} raise the sparsity.
 *
 * <pre>{@code
 * Mask mask = MagnitudePruner.global().mask(model, 0.9);
 * new Trainer(model, TrainingConfig.builder().listener(new MaskListener(mask)).epochs(2).build())
 *     .fit(train);
 * }</pre>
 */
public final class MaskListener implements TrainingListener {
  private Mask mask;

  public MaskListener(Mask mask) {
    this.mask = mask;
  }

  public Mask mask() {
    return mask;
  }

  /** Uses {@code mask} from now on; it takes effect at the next training event. */
  public void setMask(Mask mask) {
    this.mask = mask;
  }

  @Override
  public void onFitStart(TrainingContext context) {
    mask.applyTo(context.model());
  }

  @Override
  public void afterBackward(TrainingContext context) {
    mask.applyToGradients(context.model());
  }

  @Override
  public void afterOptimizerStep(TrainingContext context) {
    mask.applyTo(context.model());
  }

  @Override
  public String toString() {
    return "MaskListener(" + mask + ")";
  }
}
