package io.github.compressionlab.testing;

import io.github.compressionlab.data.Batch;
import io.github.compressionlab.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded synthetic tensors and data sets for nn tests (and anyone else's). */
public final class TestData {
  private TestData() {}

  /** Uniform values in [-1, 1), float32, c-order. */
  public static INDArray uniform(long seed, long... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[(int) length(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return Nd4j.create(v, shape, 'c');
  }

  /**
   * Values at least 0.1 away from zero (magnitude in [0.1, 1], random sign), so a finite-difference
   * step of 0.01 never crosses ReLU's kink.
   */
  public static INDArray awayFromZero(long seed, long... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[(int) length(shape)];
    for (int i = 0; i < v.length; i++) {
      double m = 0.1 + 0.9 * r.nextDouble();
      v[i] = (float) (r.nextBoolean() ? m : -m);
    }
    return Nd4j.create(v, shape, 'c');
  }

  /**
   * A shuffled ladder of values 0.05 apart, centred on zero: no two are within 0.05, so a
   * finite-difference step of 0.01 never changes which element a max-pool window picks.
   */
  public static INDArray distinct(long seed, long... shape) {
    int n = (int) length(shape);
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((i - n / 2.0) * 0.05);
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      float t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
    return Nd4j.create(v, shape, 'c');
  }

  /** A batch holding {@code features} with these labels (indices 0..B-1). */
  public static Batch batch(INDArray features, int[] labels, int numClasses) {
    int[] indices = new int[labels.length];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = i;
    }
    float[][] oneHot = new float[labels.length][numClasses];
    for (int i = 0; i < labels.length; i++) {
      oneHot[i][labels[i]] = 1;
    }
    return new Batch(features, Nd4j.create(oneHot), labels, indices);
  }

  /**
   * {@code n} images {@code [1, side, side]} in {@code k} classes: class c brightens the pixels of
   * row band c (plus noise), so a small model can learn it within a few epochs.
   */
  public static Dataset blobs(int n, int k, int side, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] px = new float[n * side * side];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(k);
      labels[i] = c;
      for (int y = 0; y < side; y++) {
        boolean band = y * k / side == c;
        for (int x = 0; x < side; x++) {
          double v = (band ? 0.7 : 0.2) + 0.3 * (r.nextDouble() - 0.5);
          px[i * side * side + y * side + x] = (float) Math.max(0, Math.min(1, v));
        }
      }
    }
    List<String> names = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      names.add("band" + c);
    }
    return new Dataset("blobs", Nd4j.create(px, new long[] {n, 1, side, side}, 'c'), labels, names);
  }

  private static long length(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }
}
