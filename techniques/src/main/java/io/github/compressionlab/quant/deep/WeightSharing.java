package io.github.compressionlab.quant.deep;

import io.github.compressionlab.nn.Layer;
import io.github.compressionlab.nn.Parameter;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.WeightedLayer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Weight sharing by k-means, the second stage of Deep Compression (Han, Mao and Dally, "Deep
 * Compression: Compressing Deep Neural Networks with Pruning, Trained Quantization and Huffman
 * Coding", ICLR 2016, section 3). Each Dense and Conv2d weight tensor gets its own codebook of
 * {@code k = 2^bits} centroids, and every weight is replaced by its nearest centroid, so the layer
 * can be stored as a small float32 table plus one {@code bits}-bit index per weight. Biases stay
 * float32.
 *
 * <p>Only the non-zero weights are clustered: zeros are treated as pruned (this package does not
 * know the pruning masks) and stay exactly zero. Centroids start evenly spaced between the smallest
 * and largest non-zero weight ("linear initialisation", which Han found best because it keeps a few
 * centroids on the rare large weights), then Lloyd iterations run until no assignment changes or no
 * centroid moves more than {@code 1e-7} of the weight range, at most {@value #MAX_ITERATIONS}
 * times. Everything is deterministic: there is no random initialisation, and ties go to the lower
 * centroid. A centroid that loses all its members keeps its value.
 *
 * <p>Han uses 5 bits for fully connected layers and 8 for convolutions; those are the defaults.
 * After {@link #apply}, fine-tune the centroids with {@link CentroidTuning}.
 *
 * <pre>{@code
 * SharedWeights shared = WeightSharing.defaults().denseBits(4).apply(prunedModel);
 * new Trainer(prunedModel, TrainingConfig.builder().listener(new CentroidTuning(shared, 1e-4))
 *     .epochs(2).build()).fit(train);
 * }</pre>
 */
public final class WeightSharing {
  /** Cap on Lloyd iterations. */
  public static final int MAX_ITERATIONS = 300;

  /** Convergence tolerance on centroid moves, relative to the weight range. */
  public static final double TOLERANCE = 1e-7;

  private final int denseBits;
  private final int convBits;
  private final Map<String, Integer> layerBits;

  private WeightSharing(int denseBits, int convBits, Map<String, Integer> layerBits) {
    this.denseBits = checkBits(denseBits);
    this.convBits = checkBits(convBits);
    this.layerBits = Map.copyOf(layerBits);
  }

  /** Han's choice: 5 bits for Dense, 8 bits for Conv2d. */
  public static WeightSharing defaults() {
    return new WeightSharing(5, 8, Map.of());
  }

  /** Bits for every Dense weight. */
  public WeightSharing denseBits(int bits) {
    return new WeightSharing(bits, convBits, layerBits);
  }

  /** Bits for every Conv2d weight. */
  public WeightSharing convBits(int bits) {
    return new WeightSharing(denseBits, bits, layerBits);
  }

  /** Bits for one layer (by layer name, e.g. {@code "fc3"}), overriding its type's default. */
  public WeightSharing layerBits(String layer, int bits) {
    Map<String, Integer> m = new LinkedHashMap<>(layerBits);
    m.put(layer, checkBits(bits));
    return new WeightSharing(denseBits, convBits, m);
  }

  /** The bits this plan gives {@code layer}; 0 if the layer is not shared. */
  public int bitsFor(Layer layer) {
    if (layerBits.containsKey(layer.name())) {
      return layerBits.get(layer.name());
    }
    if (!(layer instanceof WeightedLayer w)) {
      return 0;
    }
    // Han et al. give convolutions (weights with a spatial kernel) more bits than dense layers
    return w.weight().value().rank() > 2 ? convBits : denseBits;
  }

  /**
   * Clusters every Dense and Conv2d weight of {@code model} and replaces each weight by its
   * centroid, in place. Returns the codebooks, which {@link CentroidTuning} fine-tunes.
   */
  public SharedWeights apply(Sequential model) {
    for (String name : layerBits.keySet()) {
      model.layer(name); // clear error listing the layers if the name is wrong
    }
    Map<String, SharedWeights.Codebook> books = new LinkedHashMap<>();
    for (Layer layer : model.layers()) {
      int bits = bitsFor(layer);
      if (bits == 0) {
        continue;
      }
      String name = layer.name() + ".weight";
      Parameter p = model.parameter(name);
      float[] w = p.value().dup('c').data().asFloat();
      Clustering c = cluster(w, bits);
      float[] shared = new float[w.length];
      for (int i = 0; i < w.length; i++) {
        shared[i] = c.assignment[i] < 0 ? 0f : c.centroids[c.assignment[i]];
      }
      p.setValue(Nd4j.create(shared, p.shape(), 'c'));
      books.put(
          name,
          new SharedWeights.Codebook(
              name, p.shape(), bits, c.centroids, c.assignment, c.iterations));
    }
    if (books.isEmpty()) {
      throw new IllegalArgumentException(
          "model has no Dense or Conv2d layer to share weights in; layers are "
              + model.layers().stream().map(Layer::name).toList());
    }
    return new SharedWeights(books);
  }

  /**
   * k-means of the non-zero entries of {@code weights} into {@code 2^bits} clusters.
   *
   * @param weights a flat weight tensor; zeros are pruned and get assignment −1
   */
  public static Clustering cluster(float[] weights, int bits) {
    checkBits(bits);
    int k = 1 << bits;
    int nnz = 0;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : weights) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException(
            "weights contain " + v + "; train the model without divergence before sharing");
      }
      if (v != 0f) {
        nnz++;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    int[] assignment = new int[weights.length];
    Arrays.fill(assignment, -1);
    if (nnz == 0) {
      return new Clustering(new float[k], assignment, 0);
    }
    double[] c = linearInit(min, max, k);
    double tol = TOLERANCE * Math.max(max - min, Math.abs(max));
    // sorted non-zero values and their positions: assignment in 1-D is a search among midpoints
    float[] values = new float[nnz];
    int[] pos = new int[nnz];
    int j = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] != 0f) {
        values[j] = weights[i];
        pos[j++] = i;
      }
    }
    Integer[] byValue = new Integer[nnz];
    for (int i = 0; i < nnz; i++) {
      byValue[i] = i;
    }
    Arrays.sort(byValue, (a, b) -> Float.compare(values[a], values[b]));
    float[] sortedValues = new float[nnz];
    for (int i = 0; i < nnz; i++) {
      sortedValues[i] = values[byValue[i]];
    }
    int[] cluster = new int[nnz]; // cluster of sortedValues[i]
    Arrays.fill(cluster, -1);
    int iterations = 0;
    while (iterations < MAX_ITERATIONS) {
      iterations++;
      boolean changed = assign(sortedValues, c, cluster);
      double[] sum = new double[k];
      int[] count = new int[k];
      for (int i = 0; i < nnz; i++) {
        sum[cluster[i]] += sortedValues[i];
        count[cluster[i]]++;
      }
      double moved = 0;
      for (int q = 0; q < k; q++) {
        if (count[q] > 0) {
          double m = sum[q] / count[q];
          moved = Math.max(moved, Math.abs(m - c[q]));
          c[q] = m;
        }
      }
      if (!changed && moved <= tol) {
        break;
      }
      if (moved <= tol) {
        assign(sortedValues, c, cluster);
        break;
      }
    }
    float[] centroids = new float[k];
    for (int q = 0; q < k; q++) {
      centroids[q] = (float) c[q];
    }
    for (int i = 0; i < nnz; i++) {
      assignment[pos[byValue[i]]] = cluster[i];
    }
    return new Clustering(centroids, assignment, iterations);
  }

  /** {@code k} centroids evenly spaced from {@code min} to {@code max}, both included. */
  public static double[] linearInit(double min, double max, int k) {
    double[] c = new double[k];
    for (int q = 0; q < k; q++) {
      c[q] = k == 1 ? (min + max) / 2 : min + (max - min) * q / (k - 1);
    }
    return c;
  }

  /**
   * Nearest centroid of each sorted value (ties to the lower-indexed centroid among equals).
   * Returns whether any assignment changed.
   */
  private static boolean assign(float[] sortedValues, double[] c, int[] cluster) {
    int k = c.length;
    Integer[] order = new Integer[k];
    for (int q = 0; q < k; q++) {
      order[q] = q;
    }
    Arrays.sort(order, (a, b) -> c[a] != c[b] ? Double.compare(c[a], c[b]) : a - b);
    // distinct centroid values in ascending order, each represented by its lowest index
    int[] rep = new int[k];
    int d = 0;
    for (int r = 0; r < k; r++) {
      if (d == 0 || c[order[r]] != c[rep[d - 1]]) {
        rep[d++] = order[r];
      }
    }
    boolean changed = false;
    int r = 0; // rank among distinct centroids; values are sorted, so it only grows
    for (int i = 0; i < sortedValues.length; i++) {
      double v = sortedValues[i];
      while (r + 1 < d && Math.abs(c[rep[r + 1]] - v) < Math.abs(c[rep[r]] - v)) {
        r++;
      }
      int q = rep[r];
      if (cluster[i] != q) {
        cluster[i] = q;
        changed = true;
      }
    }
    return changed;
  }

  private static int checkBits(int bits) {
    if (bits < 1 || bits > 8) {
      throw new IllegalArgumentException(
          "bits must be in 1..8 (2 to 256 shared weights per layer), got " + bits);
    }
    return bits;
  }

  /**
   * Result of {@link #cluster}: {@code centroids[2^bits]}, the cluster of each weight (−1 for
   * zeros) and how many Lloyd iterations ran.
   */
  public record Clustering(float[] centroids, int[] assignment, int iterations) {}

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "WeightSharing(Dense %d bits, Conv2d %d bits%s)",
        denseBits,
        convBits,
        layerBits.isEmpty() ? "" : ", " + layerBits);
  }
}
