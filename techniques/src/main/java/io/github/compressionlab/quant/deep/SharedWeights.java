package io.github.compressionlab.quant.deep;

import io.github.compressionlab.TableView;
import io.github.compressionlab.nn.Parameter;
import io.github.compressionlab.nn.Sequential;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The codebooks {@link WeightSharing#apply} made: for each shared weight tensor (by dotted name)
 * its centroids and the cluster of every weight (−1 for pruned zeros). {@link CentroidTuning}
 * updates the centroids in place and keeps the model's weights equal to them.
 */
public final class SharedWeights implements TableView {
  /**
   * One shared tensor.
   *
   * @param parameter dotted name, e.g. {@code "fc1.weight"}
   * @param shape the tensor's shape
   * @param bits index width; {@code centroids.length == 2^bits}
   * @param centroids the live centroid table (updated by {@link CentroidTuning})
   * @param assignment cluster of each weight in row-major order, −1 for pruned (zero) weights
   * @param iterations Lloyd iterations k-means ran
   */
  public record Codebook(
      String parameter,
      long[] shape,
      int bits,
      float[] centroids,
      int[] assignment,
      int iterations) {
    /** Non-zero (unpruned) weights. */
    public long nonZeros() {
      return Arrays.stream(assignment).filter(a -> a >= 0).count();
    }

    /** Centroids with at least one member. */
    public int usedCentroids() {
      boolean[] used = new boolean[centroids.length];
      for (int a : assignment) {
        if (a >= 0) {
          used[a] = true;
        }
      }
      int n = 0;
      for (boolean u : used) {
        n += u ? 1 : 0;
      }
      return n;
    }

    /** The weights this codebook stands for: each weight's centroid, zeros for pruned ones. */
    public float[] weights() {
      float[] w = new float[assignment.length];
      for (int i = 0; i < w.length; i++) {
        w[i] = assignment[i] < 0 ? 0f : centroids[assignment[i]];
      }
      return w;
    }
  }

  private final Map<String, Codebook> codebooks;

  SharedWeights(Map<String, Codebook> codebooks) {
    this.codebooks = Collections.unmodifiableMap(new LinkedHashMap<>(codebooks));
  }

  /** Codebooks by dotted parameter name, in layer order. */
  public Map<String, Codebook> codebooks() {
    return codebooks;
  }

  /** The codebook of {@code parameter}; clear error listing the shared names if missing. */
  public Codebook codebook(String parameter) {
    Codebook c = codebooks.get(parameter);
    if (c == null) {
      throw new IllegalArgumentException(
          "no codebook for '" + parameter + "'; shared tensors are " + codebooks.keySet());
    }
    return c;
  }

  /** Bits of each shared tensor, by dotted name. */
  public Map<String, Integer> bits() {
    Map<String, Integer> m = new LinkedHashMap<>();
    codebooks.forEach((k, v) -> m.put(k, v.bits()));
    return m;
  }

  /** Sets every shared weight of {@code model} to its centroid (pruned weights to +0). */
  public void snap(Sequential model) {
    for (Codebook c : codebooks.values()) {
      Parameter p = model.parameter(c.parameter());
      if (!Arrays.equals(p.shape(), c.shape())) {
        throw new IllegalArgumentException(
            "parameter '"
                + c.parameter()
                + "' has shape "
                + Arrays.toString(p.shape())
                + " but its codebook was made for "
                + Arrays.toString(c.shape())
                + "; use the model WeightSharing.apply was called on");
      }
      p.setValue(Nd4j.create(c.weights(), c.shape(), 'c'));
    }
  }

  /** One row per shared tensor: size, non-zeros, bits, centroids used, k-means iterations. */
  @Override
  public Table table() {
    StringColumn name = StringColumn.create("parameter");
    LongColumn size = LongColumn.create("weights");
    LongColumn nnz = LongColumn.create("non-zero");
    IntColumn bits = IntColumn.create("bits");
    IntColumn used = IntColumn.create("centroids used");
    IntColumn iters = IntColumn.create("k-means iterations");
    DoubleColumn min = DoubleColumn.create("min centroid");
    DoubleColumn max = DoubleColumn.create("max centroid");
    for (Codebook c : codebooks.values()) {
      name.append(c.parameter());
      size.append(c.assignment().length);
      nnz.append(c.nonZeros());
      bits.append(c.bits());
      used.append(c.usedCentroids());
      iters.append(c.iterations());
      float lo = Float.POSITIVE_INFINITY;
      float hi = Float.NEGATIVE_INFINITY;
      for (float v : c.centroids()) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      min.append(lo);
      max.append(hi);
    }
    return Table.create("Shared weights", name, size, nnz, bits, used, iters, min, max);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("SharedWeights(");
    String sep = "";
    for (Codebook c : codebooks.values()) {
      b.append(sep).append(c.parameter()).append(": ").append(c.bits()).append(" bits");
      sep = ", ";
    }
    return b.append(')').toString();
  }
}
