package io.github.compressionlab.measure;

import io.github.compressionlab.nn.InferenceModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures how long a model's {@link InferenceModel#predict} takes on a fixed random batch: a few
 * untimed warm-up calls (JIT compilation, native buffers, caches), then {@code repeats} calls each
 * timed with {@link System#nanoTime()}, reported as median and 90th percentile.
 *
 * <p>Caveats: calls are made one after another from the calling thread, so this is the latency of a
 * single client, not the throughput of a server handling concurrent requests. ND4J may still use
 * several threads inside one call (see {@code OMP_NUM_THREADS}). On a shared or busy laptop the
 * numbers move between runs; compare models measured in the same session, and trust the median over
 * any single call.
 */
public final class Latency {
  /** Warm-up calls used by {@link #measure(InferenceModel, int)}. */
  public static final int DEFAULT_WARMUP = 5;

  /** Timed calls used by {@link #measure(InferenceModel, int)}. */
  public static final int DEFAULT_REPEATS = 20;

  private Latency() {}

  /** {@link #measure(InferenceModel, int, int, int)} with the default warm-up and repeats. */
  public static LatencyResult measure(InferenceModel m, int batchSize) {
    return measure(m, batchSize, DEFAULT_WARMUP, DEFAULT_REPEATS);
  }

  /**
   * Times {@code repeats} calls of {@code m.predict} on a batch of {@code batchSize} random inputs
   * in {@code [0,1)} (seeded, so every model sees the same batch), after {@code warmup} untimed
   * calls.
   */
  public static LatencyResult measure(InferenceModel m, int batchSize, int warmup, int repeats) {
    if (batchSize < 1 || warmup < 0 || repeats < 1) {
      throw new IllegalArgumentException(
          "need batchSize >= 1, warmup >= 0 and repeats >= 1; got batchSize "
              + batchSize
              + ", warmup "
              + warmup
              + ", repeats "
              + repeats);
    }
    INDArray x = input(m.inputShape(), batchSize, 1234);
    for (int i = 0; i < warmup; i++) {
      stopIfInterrupted();
      consume(m.predict(x));
    }
    double[] ms = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      stopIfInterrupted();
      long t0 = System.nanoTime();
      INDArray out = m.predict(x);
      consume(out);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return new LatencyResult(batchSize, percentile(ms, 50), percentile(ms, 90), repeats);
  }

  /**
   * Times {@code repeats} calls of {@code m.predict} on real inputs, cycling through {@code inputs}
   * (e.g. single test images, so caches see varied data), after {@code warmup} untimed calls.
   */
  public static LatencyResult measure(
      InferenceModel m, List<INDArray> inputs, int warmup, int repeats) {
    if (inputs.isEmpty() || warmup < 0 || repeats < 1) {
      throw new IllegalArgumentException(
          "need at least one input, warmup >= 0 and repeats >= 1; got "
              + inputs.size()
              + " inputs, warmup "
              + warmup
              + ", repeats "
              + repeats);
    }
    for (int i = 0; i < warmup; i++) {
      stopIfInterrupted();
      consume(m.predict(inputs.get(i % inputs.size())));
    }
    double[] ms = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      stopIfInterrupted();
      INDArray x = inputs.get(i % inputs.size());
      long t0 = System.nanoTime();
      consume(m.predict(x));
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return new LatencyResult(
        (int) inputs.get(0).size(0), percentile(ms, 50), percentile(ms, 90), repeats);
  }

  /**
   * Several models timed side by side: each model is first warmed up (up to {@code warmupCalls}
   * calls or {@code warmupLimit}, whichever comes first: JIT-compiled engines, the Vector API
   * kernels above all, are slow until C2 has compiled them); then every round runs each model once
   * on the same input, the order rotating from round to round, so load from other processes falls
   * on all of them alike. One result per model, in order.
   */
  public static List<LatencyResult> sideBySide(
      List<? extends InferenceModel> models,
      List<INDArray> inputs,
      int warmupCalls,
      Duration warmupLimit,
      int rounds) {
    if (models.isEmpty() || inputs.isEmpty() || warmupCalls < 0 || rounds < 1) {
      throw new IllegalArgumentException(
          "need models, inputs, warmupCalls >= 0 and rounds >= 1; got "
              + models.size()
              + " models, "
              + inputs.size()
              + " inputs, "
              + warmupCalls
              + ", "
              + rounds);
    }
    for (InferenceModel m : models) {
      long end = System.nanoTime() + warmupLimit.toNanos();
      for (int r = 0; r < warmupCalls && System.nanoTime() < end; r++) {
        stopIfInterrupted();
        consume(m.predict(inputs.get(r % inputs.size())));
      }
    }
    int n = models.size();
    double[][] ms = new double[n][rounds];
    for (int r = 0; r < rounds; r++) {
      INDArray x = inputs.get(r % inputs.size());
      for (int k = 0; k < n; k++) {
        stopIfInterrupted();
        int e = Math.floorMod(r + k, n); // rotate who goes first
        long t0 = System.nanoTime();
        consume(models.get(e).predict(x));
        ms[e][r] = (System.nanoTime() - t0) / 1e6;
      }
    }
    List<LatencyResult> out = new ArrayList<>(n);
    for (double[] m : ms) {
      Arrays.sort(m);
      out.add(
          new LatencyResult(
              (int) inputs.get(0).size(0), percentile(m, 50), percentile(m, 90), rounds));
    }
    return out;
  }

  /** Thousands of calls take seconds: a notebook's interrupt button ends them between calls. */
  private static void stopIfInterrupted() {
    if (Thread.currentThread().isInterrupted()) {
      throw new java.util.concurrent.CancellationException("latency measurement interrupted");
    }
  }

  /** A seeded batch {@code [batchSize, inputShape...]} of uniform values in [0,1). */
  static INDArray input(long[] inputShape, int batchSize, long seed) {
    long[] shape = new long[inputShape.length + 1];
    shape[0] = batchSize;
    System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] v = new float[Math.toIntExact(n)];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    return Nd4j.create(v, shape, 'c');
  }

  /**
   * Nearest-rank percentile of sorted values: the smallest value with at least {@code p}% of the
   * values at or below it.
   */
  static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Reads one output value so the computation has certainly finished before the clock stops. */
  private static void consume(INDArray out) {
    if (out != null && out.length() > 0) {
      out.getFloat(0);
    }
  }
}
