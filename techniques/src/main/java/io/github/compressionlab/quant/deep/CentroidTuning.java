package io.github.compressionlab.quant.deep;

import io.github.compressionlab.nn.Parameter;
import io.github.compressionlab.nn.TrainingContext;
import io.github.compressionlab.nn.TrainingListener;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Fine-tunes shared centroids during training, the "trained quantization" of Deep Compression (Han,
 * Mao and Dally, ICLR 2016, section 3.3, equation 3): the gradient of centroid {@code C_k} is the
 * sum of the gradients of the weights in its cluster, {@code ∂L/∂C_k = Σ_ij ∂L/∂W_ij · 1(I_ij =
 * k)}.
 *
 * <p>Call order, as a {@link TrainingListener}: {@code onFitStart} sets every shared weight to its
 * centroid; {@code afterBackward} sums each cluster's weight gradients and then zeroes the weight
 * gradients, so the trainer's optimizer does not move the shared weights (it still trains biases
 * and any unshared parameters); {@code afterOptimizerStep} updates each centroid with its summed
 * gradient, by plain SGD ({@code C_k −= lr · g_k}, Han's rule) or by Adam on the centroids (the
 * same summed gradient, with Adam's per-centroid step size, which needs no tuning of the learning
 * rate to the cluster sizes), and writes the centroids back into the weights. Pruned weights
 * (cluster −1) stay exactly zero, and every other weight always equals its centroid.
 *
 * <pre>{@code
 * SharedWeights shared = WeightSharing.defaults().apply(model);
 * new Trainer(model, TrainingConfig.builder().listener(CentroidTuning.adam(shared, 1e-4))
 *     .epochs(2).build()).fit(train);
 * }</pre>
 */
public final class CentroidTuning implements TrainingListener {
  /** How a centroid moves along its summed gradient. */
  public enum Update {
    /** {@code C_k −= lr · g_k} (Han's equation 3 with SGD). */
    SGD,
    /** Adam (Kingma and Ba, 2015; β1 0.9, β2 0.999, ε 1e-8) on the summed gradients. */
    ADAM
  }

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  private final SharedWeights shared;
  private final Update update;
  private final double learningRate;
  private final Map<String, double[]> gradients = new LinkedHashMap<>();
  private final Map<String, double[]> m = new LinkedHashMap<>();
  private final Map<String, double[]> v = new LinkedHashMap<>();
  private long step;

  public CentroidTuning(SharedWeights shared, Update update, double learningRate) {
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException(
          "learningRate must be a positive number, got " + learningRate + "; try 1e-4");
    }
    this.shared = shared;
    this.update = update;
    this.learningRate = learningRate;
  }

  /** Plain SGD on the summed gradients (Han's rule). */
  public static CentroidTuning sgd(SharedWeights shared, double learningRate) {
    return new CentroidTuning(shared, Update.SGD, learningRate);
  }

  /** Adam on the summed gradients. */
  public static CentroidTuning adam(SharedWeights shared, double learningRate) {
    return new CentroidTuning(shared, Update.ADAM, learningRate);
  }

  public SharedWeights shared() {
    return shared;
  }

  /** The summed gradient of each centroid from the latest backward pass, by parameter name. */
  public Map<String, double[]> lastGradients() {
    Map<String, double[]> out = new LinkedHashMap<>();
    gradients.forEach((k, g) -> out.put(k, g.clone()));
    return out;
  }

  @Override
  public void onFitStart(TrainingContext context) {
    shared.snap(context.model());
    step = 0;
    m.clear();
    v.clear();
    for (SharedWeights.Codebook c : shared.codebooks().values()) {
      m.put(c.parameter(), new double[c.centroids().length]);
      v.put(c.parameter(), new double[c.centroids().length]);
    }
  }

  @Override
  public void afterBackward(TrainingContext context) {
    for (SharedWeights.Codebook c : shared.codebooks().values()) {
      Parameter p = context.model().parameter(c.parameter());
      float[] g = p.grad().dup('c').data().asFloat();
      double[] sum = new double[c.centroids().length];
      int[] a = c.assignment();
      for (int i = 0; i < g.length; i++) {
        if (a[i] >= 0) {
          sum[a[i]] += g[i];
        }
      }
      gradients.put(c.parameter(), sum);
      p.grad().assign(0);
    }
  }

  @Override
  public void afterOptimizerStep(TrainingContext context) {
    step++;
    for (SharedWeights.Codebook c : shared.codebooks().values()) {
      double[] g = gradients.get(c.parameter());
      if (g == null) {
        continue;
      }
      float[] centroids = c.centroids();
      if (update == Update.SGD) {
        for (int k = 0; k < centroids.length; k++) {
          centroids[k] = (float) (centroids[k] - learningRate * g[k]);
        }
      } else {
        double[] mk = m.get(c.parameter());
        double[] vk = v.get(c.parameter());
        double c1 = 1 - Math.pow(BETA1, step);
        double c2 = 1 - Math.pow(BETA2, step);
        for (int k = 0; k < centroids.length; k++) {
          mk[k] = BETA1 * mk[k] + (1 - BETA1) * g[k];
          vk[k] = BETA2 * vk[k] + (1 - BETA2) * g[k] * g[k];
          double mh = mk[k] / c1;
          double vh = vk[k] / c2;
          centroids[k] = (float) (centroids[k] - learningRate * mh / (Math.sqrt(vh) + EPSILON));
        }
      }
    }
    shared.snap(context.model());
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "CentroidTuning(%s, lr %g, %s)", update, learningRate, shared);
  }
}
