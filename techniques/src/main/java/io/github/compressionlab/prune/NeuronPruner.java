package io.github.compressionlab.prune;

import io.github.compressionlab.nn.Layer;
import io.github.compressionlab.nn.LayerConfig;
import io.github.compressionlab.nn.PlanNode;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.WeightedLayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Ranks whole neurons (Dense) or filters (Conv2d) and removes the weakest fraction of each layer.
 * Scores: the L1 or L2 norm of a unit's incoming weights (Li et al., "Pruning Filters for Efficient
 * ConvNets", ICLR 2017), or its mean activation after the ReLU on a sample of inputs (Hu et al.'s
 * "Network Trimming", 2016, uses the share of zero activations): a neuron that is rarely on is a
 * lazy worker.
 *
 * <p>{@link #plan} gives the kept units, {@link #mask} zeroes the others in place (the {@link
 * Pruner} view, where {@code sparsity} is the fraction of units removed), and {@link
 * Surgery#removeUnits} builds the smaller model. The output layer is never pruned.
 *
 * <pre>{@code
 * NeuronPlan plan = NeuronPruner.l1().plan(model, 0.5);
 * Sequential smaller = Surgery.removeUnits(model, plan);
 * }</pre>
 */
public final class NeuronPruner implements Pruner {
  /** How units are ranked; the lowest scores are removed. */
  public enum Criterion {
    L1,
    L2,
    MEAN_ACTIVATION
  }

  private final Criterion criterion;
  private final INDArray sample;
  private final List<String> layers;

  private NeuronPruner(Criterion criterion, INDArray sample, List<String> layers) {
    this.criterion = criterion;
    this.sample = sample;
    this.layers = List.copyOf(layers);
  }

  /** Ranks units by the L1 norm of their incoming weights. */
  public static NeuronPruner l1() {
    return new NeuronPruner(Criterion.L1, null, List.of());
  }

  /** Ranks units by the L2 norm of their incoming weights. */
  public static NeuronPruner l2() {
    return new NeuronPruner(Criterion.L2, null, List.of());
  }

  /**
   * Ranks units by their mean (absolute) activation, after the ReLU that follows them, on {@code
   * sample} ({@code [N, inputShape...]}, e.g. a few hundred training images).
   */
  public static NeuronPruner meanActivation(INDArray sample) {
    if (sample == null || sample.rank() < 2 || sample.size(0) < 1) {
      throw new IllegalArgumentException(
          "mean-activation ranking needs a sample batch [N, inputShape...] with N >= 1");
    }
    return new NeuronPruner(Criterion.MEAN_ACTIVATION, sample, List.of());
  }

  /**
   * A pruner of the given criterion; {@code sample} is used by {@link Criterion#MEAN_ACTIVATION}
   * only (it may be null for the norms).
   */
  public static NeuronPruner of(Criterion criterion, INDArray sample) {
    return switch (criterion) {
      case L1 -> l1();
      case L2 -> l2();
      case MEAN_ACTIVATION -> meanActivation(sample);
    };
  }

  /** This pruner restricted to the named Dense or Conv2d layers (not the output layer). */
  public NeuronPruner layers(String... names) {
    return new NeuronPruner(criterion, sample, Arrays.asList(names));
  }

  public Criterion criterion() {
    return criterion;
  }

  /** The layers whose units may be removed: the named ones, or all hidden Dense/Conv2d layers. */
  public List<String> targets(Sequential model) {
    List<String> prunable = PrunableLayers.names(model);
    String output = prunable.get(prunable.size() - 1);
    if (layers.isEmpty()) {
      return prunable.subList(0, prunable.size() - 1);
    }
    List<String> named = PrunableLayers.resolve(model, layers);
    if (named.contains(output)) {
      throw new IllegalArgumentException(
          "layer '"
              + output
              + "' produces the model's outputs (one per class); its units cannot be removed."
              + " Hidden layers are "
              + prunable.subList(0, prunable.size() - 1));
    }
    return named;
  }

  /** One score per unit of {@code layer}: higher means more important. */
  public double[] scores(Sequential model, String layer) {
    Layer l = model.layer(layer);
    NeuronPlan.units(l); // checks the layer has weights
    if (criterion == Criterion.MEAN_ACTIVATION) {
      return activations(model).get(layer);
    }
    WeightedLayer w = (WeightedLayer) l;
    return normScores(w.weight().value(), w.outputAxis(), criterion);
  }

  static double[] normScores(INDArray w, int outputAxis, Criterion criterion) {
    // one row per unit: a dense [in, out] weight transposed, a conv [outC, inC, k, k] as it is
    INDArray byUnit = outputAxis == 0 ? w.reshape('c', w.size(0), -1) : w.transpose().dup('c');
    INDArray s = criterion == Criterion.L1 ? Transforms.abs(byUnit, true).sum(1) : byUnit.norm2(1);
    return s.castTo(DataType.DOUBLE).toDoubleVector();
  }

  /** Mean absolute post-activation output per unit of every Dense/Conv2d layer, on the sample. */
  private Map<String, double[]> activations(Sequential model) {
    Map<String, double[]> out = new LinkedHashMap<>();
    List<Layer> ls = model.layers();
    List<PlanNode> nodes = model.plan().nodes();
    INDArray a = sample.castTo(DataType.FLOAT);
    String pending = null;
    for (int i = 0; i < ls.size(); i++) {
      Layer l = ls.get(i);
      a = l.forward(a, false).dup();
      if (l instanceof WeightedLayer) {
        pending = l.name();
      }
      boolean nextIsActivation = i + 1 < ls.size() && isActivation(nodes.get(i + 1));
      if (pending != null && !nextIsActivation) {
        out.put(pending, meanPerUnit(a));
        pending = null;
      }
    }
    return out;
  }

  /**
   * A parameter-free layer acting on each value alone and keeping the shape (ReLU, dropout): the
   * activation whose output the criterion reads.
   */
  private static boolean isActivation(PlanNode n) {
    return n.op() instanceof LayerConfig.UnitWise
        && n.tensors().isEmpty()
        && Arrays.equals(n.inputShape(), n.outputShape());
  }

  private static double[] meanPerUnit(INDArray a) {
    INDArray abs = Transforms.abs(a, true);
    INDArray m = a.rank() == 2 ? abs.mean(0) : abs.mean(0, 2, 3);
    return m.castTo(DataType.DOUBLE).toDoubleVector();
  }

  /**
   * Keeps the best {@code units − round(fraction · units)} units of every target layer (at least
   * one), ties broken by lower index.
   *
   * @throws IllegalArgumentException if the fraction is outside [0, 1) or a layer is unknown
   */
  public NeuronPlan plan(Sequential model, double fraction) {
    Pruner.checkSparsity(fraction);
    Map<String, int[]> keep = new LinkedHashMap<>();
    Map<String, double[]> act = criterion == Criterion.MEAN_ACTIVATION ? activations(model) : null;
    for (String layer : targets(model)) {
      double[] s = act != null ? act.get(layer) : scores(model, layer);
      int units = s.length;
      int kept = Math.max(1, units - (int) Math.round(fraction * units));
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < units; i++) {
        order.add(i);
      }
      order.sort(Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparingInt(i -> i));
      keep.put(layer, order.subList(0, kept).stream().mapToInt(Integer::intValue).toArray());
    }
    return new NeuronPlan(keep);
  }

  /** Zeroes the weakest {@code fraction} of units: their incoming weights and biases. */
  @Override
  public Mask mask(Sequential model, double fraction) {
    return plan(model, fraction).toMask(model);
  }

  @Override
  public String toString() {
    return "NeuronPruner(" + criterion + (layers.isEmpty() ? "" : ", layers " + layers) + ")";
  }
}
