package io.github.compressionlab.quant.scheme;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.Layer;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.WeightedLayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Chooses activation ranges from a calibration subset. Three methods:
 *
 * <ul>
 *   <li>{@link Method#MIN_MAX}: the smallest and largest value seen. Nothing is clipped, but one
 *       outlier stretches the grid for everybody.
 *   <li>{@link Method#PERCENTILE}: the {@code (100 − p)}-th and {@code p}-th percentiles (e.g. p =
 *       99.99), clipping the rare extremes (as in TensorRT's and PyTorch's histogram observers).
 *   <li>{@link Method#MSE}: the range, shrunk from min-max in 1% steps, that minimises the mean
 *       squared error between the values and their quantized versions at the given bit width.
 * </ul>
 *
 * <p>Percentile and MSE look at a deterministic sample of at most {@value #MAX_SAMPLES} values per
 * layer (every k-th value), so calibrating on thousands of images stays quick.
 */
public final class Calibrator {
  /** How a range is chosen from the observed values. */
  public enum Method {
    MIN_MAX,
    PERCENTILE,
    MSE
  }

  static final int MAX_SAMPLES = 1 << 18;
  private static final int BATCH = 256;

  private final Method method;
  private final double percentile;
  private final int bits;

  private Calibrator(Method method, double percentile, int bits) {
    this.method = method;
    this.percentile = percentile;
    this.bits = bits;
  }

  /** Smallest to largest value seen. */
  public static Calibrator minMax() {
    return new Calibrator(Method.MIN_MAX, 100, 8);
  }

  /** From the {@code (100 − p)}-th to the {@code p}-th percentile, {@code 50 < p <= 100}. */
  public static Calibrator percentile(double p) {
    if (!(p > 50 && p <= 100)) {
      throw new IllegalArgumentException("percentile must lie in (50, 100], e.g. 99.99; got " + p);
    }
    return new Calibrator(Method.PERCENTILE, p, 8);
  }

  /** The range with the smallest quantization error at {@code bits} bits (asymmetric). */
  public static Calibrator mse(int bits) {
    QuantScheme.activations(bits); // checks the bit width
    return new Calibrator(Method.MSE, 100, bits);
  }

  public Method method() {
    return method;
  }

  /** The range this method picks for {@code values}. */
  public Range range(float[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException(
          "no values to calibrate on; pass a non-empty calibration set");
    }
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException(
            "activation value "
                + v
                + " at index "
                + i
                + " is not finite; the model produces NaN or infinity on the calibration set");
      }
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return switch (method) {
      case MIN_MAX -> new Range(min, max);
      case PERCENTILE -> percentileRange(values);
      case MSE -> mseRange(values, min, max);
    };
  }

  private Range percentileRange(float[] values) {
    float[] s = values.clone();
    Arrays.sort(s);
    double lo = quantile(s, (100 - percentile) / 100);
    double hi = quantile(s, percentile / 100);
    return new Range(lo, hi);
  }

  private static double quantile(float[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(sorted.length - 1, i + 1);
    return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
  }

  private Range mseRange(float[] values, float min, float max) {
    QuantScheme scheme = QuantScheme.activations(bits);
    double lo0 = Math.min(min, 0);
    double hi0 = Math.max(max, 0);
    double best = Double.POSITIVE_INFINITY;
    Range bestRange = new Range(lo0, hi0);
    for (int step = 100; step >= 5; step--) {
      double f = step / 100.0;
      double lo = lo0 * f;
      double hi = hi0 * f;
      if (hi <= lo) {
        continue;
      }
      double err = FakeQuant.meanSquaredError(values, scheme.forRange(lo, hi));
      if (err < best) {
        best = err;
        bestRange = new Range(lo, hi);
      }
    }
    return bestRange;
  }

  /**
   * Runs {@code calibration} through {@code model} (inference mode, in batches) and picks the range
   * of the input of every dense and conv layer.
   *
   * @throws IllegalArgumentException if the calibration set is empty
   */
  public ActivationRanges calibrate(Sequential model, Dataset calibration) {
    if (calibration == null || calibration.size() == 0) {
      throw new IllegalArgumentException(
          "the calibration set is empty; pass a few hundred training images, e.g."
              + " FashionMnist.train().sample(1000, 42)");
    }
    List<Layer> layers = model.layers();
    List<Integer> weighted = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) instanceof WeightedLayer) {
        weighted.add(i);
      }
    }
    if (weighted.isEmpty()) {
      throw new IllegalArgumentException(
          "the model has no dense or conv layer, so there is nothing to calibrate");
    }
    int n = calibration.size();
    int last = weighted.get(weighted.size() - 1);
    Map<Integer, Observer> observers = new LinkedHashMap<>();
    for (int i : weighted) {
      observers.put(i, new Observer(method != Method.MIN_MAX, n));
    }
    INDArray images = calibration.images();
    for (int from = 0; from < n; from += BATCH) {
      int to = Math.min(n, from + BATCH);
      INDArray a = images.get(NDArrayIndex.interval(from, to)).castTo(DataType.FLOAT);
      for (int i = 0; i <= last; i++) {
        Observer o = observers.get(i);
        if (o != null) {
          o.observe(a);
        }
        a = layers.get(i).forward(a, false);
      }
    }
    Map<String, Range> ranges = new LinkedHashMap<>();
    for (Map.Entry<Integer, Observer> e : observers.entrySet()) {
      Observer o = e.getValue();
      Range r = method == Method.MIN_MAX ? new Range(o.min, o.max) : range(o.samples());
      ranges.put(layers.get(e.getKey()).name(), r);
    }
    return new ActivationRanges(name(), ranges);
  }

  /** The values that reach layer {@code layer}'s input when {@code x} runs through the model. */
  public static float[] inputOf(Sequential model, String layer, INDArray x) {
    model.layer(layer); // clear error if there is no such layer
    INDArray a = x.castTo(DataType.FLOAT);
    for (Layer l : model.layers()) {
      if (l.name().equals(layer)) {
        break;
      }
      a = l.forward(a, false);
    }
    return a.dup('c').data().asFloat();
  }

  /** {@code "min-max"}, {@code "percentile 99.99"} or {@code "mse 8-bit"}. */
  public String name() {
    return switch (method) {
      case MIN_MAX -> "min-max";
      case PERCENTILE -> String.format(Locale.ROOT, "percentile %s", percentile);
      case MSE -> "mse " + bits + "-bit";
    };
  }

  @Override
  public String toString() {
    return "Calibrator(" + name() + ")";
  }

  /** Tracks min and max, and keeps every k-th value when a sample is wanted. */
  private static final class Observer {
    final boolean sample;
    final int examples;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    float[] kept;
    int size;
    long stride;
    long seen;

    Observer(boolean sample, int examples) {
      this.sample = sample;
      this.examples = examples;
    }

    void observe(INDArray a) {
      float[] v = a.dup('c').data().asFloat();
      if (sample && kept == null) {
        long total = (long) v.length / a.size(0) * examples;
        stride = Math.max(1, (total + MAX_SAMPLES - 1) / MAX_SAMPLES);
        kept = new float[(int) Math.min(MAX_SAMPLES, total)];
      }
      for (float x : v) {
        if (!Float.isFinite(x)) {
          throw new IllegalArgumentException(
              "the model produces "
                  + x
                  + " on the calibration set; check the model's weights for NaN or infinity");
        }
        if (x < min) {
          min = x;
        }
        if (x > max) {
          max = x;
        }
        if (sample && seen++ % stride == 0 && size < kept.length) {
          kept[size++] = x;
        }
      }
    }

    float[] samples() {
      return Arrays.copyOf(kept, size);
    }
  }
}
