package io.github.compressionlab.prune;

import io.github.compressionlab.nn.Conv2d;
import io.github.compressionlab.nn.Dense;
import io.github.compressionlab.nn.Layer;
import io.github.compressionlab.nn.Sequential;
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
      INDArray w = model.parameter(l.name() + ".weight").value();
      INDArray wm;
      if (l instanceof Dense) {
        // weight [in, out]: column j belongs to neuron j
        wm = Nd4j.ones(w.dataType(), w.shape()).mulRowVector(Nd4j.create(on));
      } else {
        // weight [outC, inC, k, k]: slice f belongs to filter f
        long per = w.length() / units;
        float[] v = new float[(int) w.length()];
        for (int f = 0; f < units; f++) {
          Arrays.fill(v, (int) (f * per), (int) ((f + 1) * per), on[f]);
        }
        wm = Nd4j.create(v, w.shape(), 'c');
      }
      m.put(l.name() + ".weight", wm);
      m.put(l.name() + ".bias", Nd4j.create(on));
    }
    return Mask.of(m);
  }

  /** Units (neurons or filters) of a Dense or Conv2d layer. */
  static int units(Layer l) {
    if (l instanceof Dense d) {
      return Math.toIntExact(d.out());
    }
    if (l instanceof Conv2d c) {
      return Math.toIntExact(c.config().outChannels());
    }
    throw new IllegalArgumentException(
        "layer '" + l.name() + "' is neither Dense nor Conv2d; it has no neurons or filters");
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
