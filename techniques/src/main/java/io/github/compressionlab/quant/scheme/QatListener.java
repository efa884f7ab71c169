package io.github.compressionlab.quant.scheme;

import io.github.compressionlab.nn.Layer;
import io.github.compressionlab.nn.Parameter;
import io.github.compressionlab.nn.TrainingContext;
import io.github.compressionlab.nn.TrainingListener;
import io.github.compressionlab.nn.WeightedLayer;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Quantization-aware training of weights with the straight-through estimator: before each forward
 * pass the dense and conv weights are replaced by their fake-quantized versions (the float values
 * are kept as "shadow" weights), the backward pass computes gradients at the quantized weights, and
 * before the optimizer step the float shadows are put back, so the step updates the float weights
 * with gradients taken through the rounding as if it were the identity (Jacob et al., CVPR 2018,
 * section 3; Bengio et al. 2013 for the estimator).
 *
 * <p>Call order (from {@link TrainingListener}): {@code onBatchStart} swaps in quantized weights,
 * {@code afterBackward} restores the float shadows, {@code onFitEnd} restores them too if training
 * stopped in between. Biases stay float (the integer model keeps them as float).
 */
public final class QatListener implements TrainingListener {
  private final QuantScheme scheme;
  private final List<Parameter> weights = new ArrayList<>();
  private final List<Integer> axes = new ArrayList<>();
  private final List<INDArray> shadows = new ArrayList<>();
  private boolean swapped;

  /** Fake-quantizes weights with {@code scheme} (e.g. {@code QuantScheme.weights(4)}). */
  public QatListener(QuantScheme scheme) {
    this.scheme = scheme;
  }

  @Override
  public void onFitStart(TrainingContext context) {
    weights.clear();
    axes.clear();
    shadows.clear();
    for (Layer l : context.model().layers()) {
      if (l instanceof WeightedLayer w) { // FakeQuantInput wrappers are weighted layers too
        weights.add(w.weight());
        axes.add(w.outputAxis());
      }
    }
    for (Parameter p : weights) {
      shadows.add(p.value().dup());
    }
  }

  @Override
  public void onBatchStart(TrainingContext context) {
    for (int i = 0; i < weights.size(); i++) {
      INDArray w = weights.get(i).value();
      shadows.get(i).assign(w);
      w.assign(FakeQuant.apply(w, scheme, axes.get(i)));
    }
    swapped = true;
  }

  @Override
  public void afterBackward(TrainingContext context) {
    restore();
  }

  @Override
  public void onFitEnd(TrainingContext context) {
    restore();
  }

  private void restore() {
    if (swapped) {
      for (int i = 0; i < weights.size(); i++) {
        weights.get(i).value().assign(shadows.get(i));
      }
      swapped = false;
    }
  }
}
