package io.github.compressionlab.distill;

import io.github.compressionlab.data.Batches;
import io.github.compressionlab.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Few labels and a transfer set: distillation's real use (Hinton, Vinyals and Dean 2015; Ba and
 * Caruana 2014). Of a pool of images, the student may see the true labels of only {@code
 * labelsPerClass} images of each class (drawn with a seed, the same number per class); the other
 * images are the <i>transfer set</i>, whose labels it never sees: the teacher labels them.
 *
 * <pre>{@code
 * TransferSet few = TransferSet.of(FashionMnist.train(), 100, 1);   // 1,000 labels, 59,000 not
 * Dataset labelled = few.labelled();                                 // what the student alone has
 * Dataset taught = few.teacherLabelled(teacher.logits(few.pool()));  // + the teacher's arg-max
 * }</pre>
 *
 * <p>The transfer set's true labels stay in the pool only to score the teacher on it ({@link
 * #teacherAccuracyOnTransfer}); nothing trains on them.
 */
public final class TransferSet {
  private final Dataset pool;
  private final int labelsPerClass;
  private final long seed;
  private final int[] labelledRows;
  private final int[] transferRows;

  private TransferSet(
      Dataset pool, int labelsPerClass, long seed, int[] labelledRows, int[] transferRows) {
    this.pool = pool;
    this.labelsPerClass = labelsPerClass;
    this.seed = seed;
    this.labelledRows = labelledRows;
    this.transferRows = transferRows;
  }

  /**
   * {@code labelsPerClass} labelled images of each class of {@code pool}, drawn with {@code seed};
   * every other image goes to the transfer set.
   *
   * @throws IllegalArgumentException if a class has no more than {@code labelsPerClass} images (the
   *     transfer set would lack it, or be empty), or {@code labelsPerClass} &lt; 1
   */
  public static TransferSet of(Dataset pool, int labelsPerClass, long seed) {
    if (pool == null) {
      throw new IllegalArgumentException("give the pool of images, e.g. FashionMnist.train()");
    }
    if (labelsPerClass < 1) {
      throw new IllegalArgumentException(
          "labelsPerClass must be at least 1, got " + labelsPerClass + "; e.g. 10, 100 or 600");
    }
    int k = pool.numClasses();
    int[] counts = pool.classCounts();
    for (int c = 0; c < k; c++) {
      if (counts[c] <= labelsPerClass) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "'%s' has %d images of class %s, not more than the %d labels per class asked for,"
                    + " so the transfer set would %s; ask for fewer labels per class (at most %d)",
                pool.name(),
                counts[c],
                className(pool, c),
                labelsPerClass,
                Arrays.stream(counts).allMatch(n -> n <= labelsPerClass)
                    ? "be empty"
                    : "lack that class",
                Arrays.stream(counts).min().orElse(1) - 1));
      }
    }
    int[] perm = Batches.permutation(pool.size(), new SplittableRandom(seed));
    int[] taken = new int[k];
    boolean[] labelled = new boolean[pool.size()];
    for (int row : perm) {
      int c = pool.labels()[row];
      if (taken[c] < labelsPerClass) {
        taken[c]++;
        labelled[row] = true;
      }
    }
    int[] lab = new int[labelsPerClass * k];
    int[] tra = new int[pool.size() - lab.length];
    int li = 0;
    int ti = 0;
    for (int row = 0; row < pool.size(); row++) {
      if (labelled[row]) {
        lab[li++] = row;
      } else {
        tra[ti++] = row;
      }
    }
    return new TransferSet(pool, labelsPerClass, seed, lab, tra);
  }

  /**
   * As {@link #of}, with {@code labels} in all: it must be a multiple of the number of classes,
   * since the labelled images are drawn class by class.
   */
  public static TransferSet ofTotal(Dataset pool, int labels, long seed) {
    int k = pool.numClasses();
    if (labels < k || labels % k != 0) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%d labels cannot be split evenly over %d classes; give a multiple of %d (e.g. %d),"
                  + " or use TransferSet.of(pool, labelsPerClass, seed)",
              labels,
              k,
              k,
              Math.max(k, labels / k * k)));
    }
    return of(pool, labels / k, seed);
  }

  /**
   * Two disjoint halves of {@code train}, class by class (seeded): the half-split control trains a
   * teacher on the first half and draws the student's labels and transfer set from the second,
   * whose images that teacher never saw.
   */
  public static Halves halves(Dataset train, long seed) {
    int[] perm = Batches.permutation(train.size(), new SplittableRandom(seed));
    int[] seen = new int[train.numClasses()];
    List<Integer> a = new ArrayList<>();
    List<Integer> b = new ArrayList<>();
    for (int row : perm) {
      int c = train.labels()[row];
      (seen[c]++ % 2 == 0 ? a : b).add(row);
    }
    return new Halves(half(train, a, "teacher's half"), half(train, b, "student's half"));
  }

  private static Dataset half(Dataset train, List<Integer> rows, String label) {
    int[] r = rows.stream().mapToInt(Integer::intValue).sorted().toArray();
    return train.select(r).named(train.name() + " (" + label + ")");
  }

  /**
   * The halves of {@link #halves}.
   *
   * @param teacherHalf the images and labels the control's teacher learns from
   * @param studentHalf the pool of the student's labels and transfer set
   */
  public record Halves(Dataset teacherHalf, Dataset studentHalf) {}

  /** All the images: the labelled ones and the transfer set, in the pool's order. */
  public Dataset pool() {
    return pool;
  }

  public int labelsPerClass() {
    return labelsPerClass;
  }

  public long seed() {
    return seed;
  }

  /** Rows of the pool whose true labels the student sees. */
  public int[] labelledRows() {
    return labelledRows.clone();
  }

  /** Rows of the pool in the transfer set. */
  public int[] transferRows() {
    return transferRows.clone();
  }

  /** The labelled images with their true labels: all a student without a teacher has. */
  public Dataset labelled() {
    return pool.select(labelledRows)
        .named(String.format(Locale.ROOT, "%s, %d labels/class", pool.name(), labelsPerClass));
  }

  /**
   * The whole pool, labelled as the student may know it: the true label on the labelled rows, the
   * teacher's arg-max on the transfer set (a hard pseudo-label). Trained on with cross-entropy it
   * is regime (b); distilled with {@code teacherLogits} it is regime (c), whose hard term then uses
   * those pseudo-labels on the transfer set (so α = 1 is (b) exactly).
   *
   * @param teacherLogits the teacher's logits for {@link #pool()}
   * @throws IllegalArgumentException if the logits are not the pool's
   */
  public Dataset teacherLabelled(TeacherLogits teacherLogits) {
    requirePool(teacherLogits);
    int[] labels = pool.labels().clone();
    int[] predicted = predictions(teacherLogits);
    for (int row : transferRows) {
      labels[row] = predicted[row];
    }
    return pool.withLabels(
        labels,
        String.format(
            Locale.ROOT, "%s, %d labels/class + teacher labels", pool.name(), labelsPerClass));
  }

  /**
   * The teacher's logits for {@link #teacherLabelled}'s data set: the pool's, whose rows are the
   * same images (only the transfer set's labels differ).
   */
  public TeacherLogits logitsFor(Dataset teacherLabelled, TeacherLogits poolLogits) {
    requirePool(poolLogits);
    if (teacherLabelled.size() != pool.size()) {
      throw new IllegalArgumentException(
          "'"
              + teacherLabelled.name()
              + "' is not this transfer set's pool relabelled; make it with teacherLabelled(logits)");
    }
    return new TeacherLogits(
        teacherLabelled.name(), poolLogits.logits(), Arrays.hashCode(teacherLabelled.labels()));
  }

  /** How often the teacher's arg-max is the true label on the transfer set. */
  public double teacherAccuracyOnTransfer(TeacherLogits teacherLogits) {
    requirePool(teacherLogits);
    int right = 0;
    int[] predicted = predictions(teacherLogits);
    for (int row : transferRows) {
      if (predicted[row] == pool.labels()[row]) {
        right++;
      }
    }
    return (double) right / transferRows.length;
  }

  private void requirePool(TeacherLogits t) {
    if (t == null) {
      throw new IllegalArgumentException(
          "give the teacher's logits for the pool, e.g. cache.logits(transferSet.pool())");
    }
    t.requireMatches(pool);
  }

  /** The teacher's predicted class for every row. */
  private static int[] predictions(TeacherLogits t) {
    return t.logits().argMax(1).toIntVector();
  }

  private static String className(Dataset d, int c) {
    return d.classNames().size() > c ? "'" + d.classNames().get(c) + "'" : Integer.toString(c);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "TransferSet[%s: %d labelled (%d/class), %d in the transfer set, seed %d]",
        pool.name(),
        labelledRows.length,
        labelsPerClass,
        transferRows.length,
        seed);
  }
}
