package io.github.compressionlab.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mini-batches over a {@link Dataset}. Each batch is built by copying its rows straight from the
 * images' native buffer (see {@code RowGather}). With {@code shuffle}, every epoch visits the rows
 * in its own order, a Fisher–Yates permutation drawn from {@code (seed, epoch)}: the same seed and
 * epoch always give the same batches, and different epochs give different ones. The last batch of
 * an epoch holds the remainder and may be smaller than {@link #batchSize()}.
 */
public final class Batches implements Iterable<Batch> {
  private final Dataset data;
  private final int batchSize;
  private final boolean shuffle;
  private final long seed;
  private final RowGather rows;
  private final int numClasses;

  public Batches(Dataset data, int batchSize, boolean shuffle, long seed) {
    if (data == null) {
      throw new IllegalArgumentException("Batches needs a Dataset, got null");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.data = data;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed;
    this.rows = new RowGather(data.images());
    this.numClasses = data.numClasses();
  }

  public int batchSize() {
    return batchSize;
  }

  /** Number of batches per epoch: {@code ceil(N / batchSize)}. */
  public int count() {
    return (data.size() + batchSize - 1) / batchSize;
  }

  public Dataset dataset() {
    return data;
  }

  public boolean shuffle() {
    return shuffle;
  }

  public long seed() {
    return seed;
  }

  /**
   * The batches of epoch {@code epoch} (0-based), shuffled with {@code (seed, epoch)} if enabled.
   */
  public Iterable<Batch> epoch(int epoch) {
    return () -> new BatchIterator(order(epoch));
  }

  /** Same as {@code epoch(0)}. */
  @Override
  public Iterator<Batch> iterator() {
    return epoch(0).iterator();
  }

  /** The row order of an epoch: identity without shuffling. */
  public int[] order(int epoch) {
    int n = data.size();
    if (!shuffle) {
      int[] idx = new int[n];
      for (int i = 0; i < n; i++) {
        idx[i] = i;
      }
      return idx;
    }
    return permutation(n, new SplittableRandom(mix(seed, epoch)));
  }

  /** Builds the batch of the given dataset rows. */
  public Batch batchOf(int[] rows) {
    for (int r : rows) {
      if (r < 0 || r >= data.size()) {
        throw new IllegalArgumentException(
            "row " + r + " is outside 0.." + (data.size() - 1) + " of " + data.name());
      }
    }
    INDArray features = this.rows.gather(rows);
    int[] labels = data.gatherLabels(rows);
    return new Batch(features, Dataset.oneHot(labels, numClasses), labels, rows);
  }

  @Override
  public String toString() {
    return "Batches["
        + count()
        + " x "
        + batchSize
        + " of "
        + data
        + (shuffle ? ", shuffled, seed " + seed : "")
        + "]";
  }

  private final class BatchIterator implements Iterator<Batch> {
    private final int[] order;
    private int next;

    BatchIterator(int[] order) {
      this.order = order;
    }

    @Override
    public boolean hasNext() {
      return next < order.length;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more batches in this epoch");
      }
      int end = Math.min(order.length, next + batchSize);
      int[] rows = java.util.Arrays.copyOfRange(order, next, end);
      next = end;
      return batchOf(rows);
    }
  }

  /** A uniformly random permutation of {@code 0..n-1} (Fisher–Yates, Knuth TAOCP vol. 2 §3.4.2). */
  public static int[] permutation(int n, SplittableRandom random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** Mixes seed and epoch (SplitMix64 finaliser) so (s, e+1) and (s+1, e) give unrelated orders. */
  static long mix(long seed, int epoch) {
    long z = seed * 0x9E3779B97F4A7C15L + epoch;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
