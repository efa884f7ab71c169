package io.github.compressionlab.prune;

import io.github.compressionlab.nn.Layer;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.WeightedLayer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which output units to keep: for each named Dense layer the kept neurons, for each named Conv2d
 * layer the kept filters (sorted indices). Layers not named keep all their units. {@link
 * NeuronPruner} computes plans; {@link #toMask} zeroes the removed units in place (to try a plan)
 * and {@link Surgery#removeUnits} physically removes them.
 */
public record NeuronPlan(Map<String, int[]> keep) {
  public NeuronPlan {
    LinkedHashMap<String, int[]> copy = new LinkedHashMap<>();
    keep.forEach(
        (k, v) -> {
          int[] s = v.clone();
          Arrays.sort(s);
          copy.put(k, s);
        });
    keep = java.util.Collections.unmodifiableMap(copy);
  }

  /** The kept units of {@code layer}, or null if the plan does not name it. */
  public int[] kept(String layer) {
    int[] k = keep.get(layer);
    return k == null ? null : k.clone();
  }

  /**
   * The mask that zeroes the removed units' incoming weights and biases. After a ReLU those units
   * output 0, so the masked model computes what {@link Surgery#removeUnits} would.
   */
  public Mask toMask(Sequential model) {
    Map<String, INDArray> m = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : keep.entrySet()) {
      Layer l = model.layer(e.getKey());
      int units = units(l);
      float[] on = new float[units];
      for (int k : e.getValue()) {
        on[k] = 1f;
      }
      WeightedLayer wl = (WeightedLayer) l; // units() checked the role
      INDArray w = wl.weight().value();
      // every weight whose index on the output axis is a removed unit is masked
      long[] shape = w.shape();
      int axis = wl.outputAxis();
      long inner = 1;
      for (int d = axis + 1; d < shape.length; d++) {
        inner *= shape[d];
      }
      float[] v = new float[(int) w.length()];
      for (int i = 0; i < v.length; i++) {
        v[i] = on[(int) ((i / inner) % units)];
      }
      INDArray wm = Nd4j.create(v, shape, 'c');
      m.put(l.name() + ".weight", wm);
      m.put(l.name() + ".bias", Nd4j.create(on));
    }
    return Mask.of(m);
  }

  /** Units (neurons or filters) of a weighted layer. */
  static int units(Layer l) {
    if (l instanceof WeightedLayer w) {
      return Math.toIntExact(w.outputUnits());
    }
    throw new IllegalArgumentException(
        "layer '" + l.name() + "' has no weights, so it has no neurons or filters to remove");
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("NeuronPlan(");
    String sep = "";
    for (Map.Entry<String, int[]> e : keep.entrySet()) {
      s.append(sep)
          .append(String.format(Locale.ROOT, "%s keeps %d", e.getKey(), e.getValue().length));
      sep = ", ";
    }
    return s.append(")").toString();
  }
}
