package io.github.compressionlab.prune;

import io.github.compressionlab.nn.Sequential;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Removes the weights of smallest magnitude |w| (Han et al., "Learning both Weights and Connections
 * for Efficient Neural Networks", NeurIPS 2015). Looks at the {@code weight} of Dense and Conv2d
 * layers (biases are few and are kept), either each layer to the same sparsity ({@link
 * Scope#PER_LAYER}) or all layers against one threshold ({@link Scope#GLOBAL}), which prunes big,
 * redundant layers harder than small ones.
 *
 * <p>Exactly {@code round(sparsity · n)} weights are removed; ties at the threshold are broken by
 * position (earlier layers, then lower indices, first). Weights that are already zero are the
 * smallest, so they stay pruned when the sparsity rises.
 *
 * <pre>{@code
 * Mask m = MagnitudePruner.global().mask(model, 0.9);
 * Mask fc1Only = MagnitudePruner.perLayer().layers("fc1").mask(model, 0.5);
 * }</pre>
 */
public final class MagnitudePruner implements Pruner {
  /** Whether the target sparsity applies to each layer or to all weights together. */
  public enum Scope {
    PER_LAYER,
    GLOBAL
  }

  private final Scope scope;
  private final List<String> layers;

  private MagnitudePruner(Scope scope, List<String> layers) {
    this.scope = scope;
    this.layers = List.copyOf(layers);
  }

  /** Each Dense and Conv2d layer pruned to the target sparsity. */
  public static MagnitudePruner perLayer() {
    return new MagnitudePruner(Scope.PER_LAYER, List.of());
  }

  /** One magnitude threshold over all Dense and Conv2d weights. */
  public static MagnitudePruner global() {
    return new MagnitudePruner(Scope.GLOBAL, List.of());
  }

  /** A pruner of the given scope, e.g. from a notebook's parameter cell. */
  public static MagnitudePruner of(Scope scope) {
    if (scope == null) {
      throw new IllegalArgumentException("scope is null; use Scope.GLOBAL or Scope.PER_LAYER");
    }
    return new MagnitudePruner(scope, List.of());
  }

  /** This pruner restricted to the named layers (checked against the model in {@link #mask}). */
  public MagnitudePruner layers(String... names) {
    return new MagnitudePruner(scope, Arrays.asList(names));
  }

  public Scope scope() {
    return scope;
  }

  /** The layers this pruner looks at; empty means every Dense and Conv2d layer. */
  public List<String> layerNames() {
    return layers;
  }

  @Override
  public Mask mask(Sequential model, double sparsity) {
    Pruner.checkSparsity(sparsity);
    List<String> names = PrunableLayers.resolve(model, layers);
    Map<String, float[]> abs = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (String layer : names) {
      INDArray w = model.parameter(layer + ".weight").value();
      float[] v = w.dup('c').data().asFloat();
      for (int i = 0; i < v.length; i++) {
        v[i] = Math.abs(v[i]);
      }
      abs.put(layer + ".weight", v);
      shapes.put(layer + ".weight", w.shape());
    }
    Map<String, INDArray> out = new LinkedHashMap<>();
    if (scope == Scope.GLOBAL) {
      float[][] all = abs.values().toArray(new float[0][]);
      float[][] keep = keepSmallestRemoved(all, sparsity);
      int i = 0;
      for (String name : abs.keySet()) {
        out.put(name, Nd4j.create(keep[i++], shapes.get(name), 'c'));
      }
    } else {
      for (Map.Entry<String, float[]> e : abs.entrySet()) {
        float[] keep = keepSmallestRemoved(new float[][] {e.getValue()}, sparsity)[0];
        out.put(e.getKey(), Nd4j.create(keep, shapes.get(e.getKey()), 'c'));
      }
    }
    return Mask.of(out);
  }

  /**
   * 0/1 arrays over {@code magnitudes} (read as one sequence) that remove exactly {@code
   * round(sparsity · total)} of the smallest values, ties broken by position.
   */
  static float[][] keepSmallestRemoved(float[][] magnitudes, double sparsity) {
    int total = 0;
    for (float[] m : magnitudes) {
      total += m.length;
    }
    long remove = Math.round(sparsity * total);
    float[][] keep = new float[magnitudes.length][];
    for (int a = 0; a < magnitudes.length; a++) {
      keep[a] = new float[magnitudes[a].length];
      Arrays.fill(keep[a], 1f);
    }
    if (remove == 0) {
      return keep;
    }
    float[] sorted = new float[total];
    int o = 0;
    for (float[] m : magnitudes) {
      System.arraycopy(m, 0, sorted, o, m.length);
      o += m.length;
    }
    Arrays.sort(sorted);
    float threshold = sorted[(int) remove - 1];
    long below = 0;
    for (float v : sorted) {
      if (v < threshold) {
        below++;
      } else {
        break;
      }
    }
    long tiesToRemove = remove - below;
    for (int a = 0; a < magnitudes.length; a++) {
      float[] m = magnitudes[a];
      for (int i = 0; i < m.length; i++) {
        if (m[i] < threshold) {
          keep[a][i] = 0f;
        } else if (m[i] == threshold && tiesToRemove > 0) {
          keep[a][i] = 0f;
          tiesToRemove--;
        }
      }
    }
    return keep;
  }

  @Override
  public String toString() {
    return "MagnitudePruner(" + scope + (layers.isEmpty() ? "" : ", layers " + layers) + ")";
  }
}
