package io.github.compressionlab.data;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A labelled image set.
 *
 * @param name a short name for printing, e.g. {@code "fashion-mnist/train"}
 * @param images float32 {@code [N, C, H, W]} (for the lab's data sets {@code [N,1,28,28]}) in
 *     {@code [0,1]}
 * @param labels class indices {@code 0..K-1}, one per image
 * @param classNames the names of the K classes, index = label; may be empty, then K is {@code
 *     max(label) + 1}
 */
public record Dataset(String name, INDArray images, int[] labels, List<String> classNames) {

  public Dataset {
    if (name == null) {
      name = "dataset";
    }
    if (images == null || labels == null) {
      throw new IllegalArgumentException(
          "Dataset '"
              + name
              + "' needs images and labels; got null "
              + (images == null ? "images" : "labels"));
    }
    if (images.rank() < 2) {
      throw new IllegalArgumentException(
          "Dataset '"
              + name
              + "': images must have a batch dimension first, e.g. [N,1,28,28]; got shape "
              + Arrays.toString(images.shape()));
    }
    if (images.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException(
          "Dataset '"
              + name
              + "': images must be float32 (DataType.FLOAT), got "
              + images.dataType()
              + "; convert with images.castTo(DataType.FLOAT)");
    }
    if (images.size(0) != labels.length) {
      throw new IllegalArgumentException(
          "Dataset '"
              + name
              + "' has "
              + images.size(0)
              + " images but "
              + labels.length
              + " labels; they must match one to one");
    }
    classNames = classNames == null ? List.of() : List.copyOf(classNames);
    for (int i = 0; i < labels.length; i++) {
      int l = labels[i];
      if (l < 0 || (!classNames.isEmpty() && l >= classNames.size())) {
        throw new IllegalArgumentException(
            "Dataset '"
                + name
                + "': label "
                + l
                + " at row "
                + i
                + " is outside 0.."
                + (classNames.isEmpty() ? "" : String.valueOf(classNames.size() - 1))
                + "; labels must be class indices");
      }
    }
  }

  /** Number of examples N. */
  public int size() {
    return labels.length;
  }

  /** Number of classes K: the number of class names, or {@code max(label)+1} if there are none. */
  public int numClasses() {
    if (!classNames.isEmpty()) {
      return classNames.size();
    }
    int max = -1;
    for (int l : labels) {
      max = Math.max(max, l);
    }
    return max + 1;
  }

  /** Shape of one example without the batch dimension, e.g. {@code {1,28,28}}. */
  public long[] exampleShape() {
    long[] s = images.shape();
    return Arrays.copyOfRange(s, 1, s.length);
  }

  /** The same images and labels under another name (the name tables and cache keys show). */
  public Dataset named(String newName) {
    return new Dataset(newName, images, labels, classNames);
  }

  /**
   * The same images with other labels, one per image, under another name: a data set relabelled,
   * for example by a teacher's predictions.
   *
   * @throws IllegalArgumentException if there is not one label per image or a label is not a class
   */
  public Dataset withLabels(int[] newLabels, String newName) {
    if (newLabels == null || newLabels.length != size()) {
      throw new IllegalArgumentException(
          "withLabels: '"
              + name
              + "' has "
              + size()
              + " images but "
              + (newLabels == null ? "no" : String.valueOf(newLabels.length))
              + " labels were given; give one label per image");
    }
    return new Dataset(newName, images, newLabels.clone(), classNames);
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive), in order. */
  public Dataset subset(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IllegalArgumentException(
          "subset("
              + from
              + ", "
              + to
              + ") of '"
              + name
              + "' with "
              + size()
              + " rows: need 0 <= from <= to <= "
              + size());
    }
    INDArray rows = images.get(NDArrayIndex.interval(from, to)).dup('c');
    return new Dataset(
        name + "[" + from + ":" + to + "]", rows, Arrays.copyOfRange(labels, from, to), classNames);
  }

  /** The given rows, in the given order (repeats allowed). */
  public Dataset select(int[] indices) {
    return new Dataset(
        name + "[select " + indices.length + "]",
        gather(indices),
        gatherLabels(indices),
        classNames);
  }

  /** {@code n} distinct rows chosen at random with {@code seed}, kept in their original order. */
  public Dataset sample(int n, long seed) {
    if (n < 0 || n > size()) {
      throw new IllegalArgumentException(
          "sample("
              + n
              + ") of '"
              + name
              + "' with "
              + size()
              + " rows: n must be in 0.."
              + size());
    }
    int[] perm = Batches.permutation(size(), new SplittableRandom(seed));
    int[] chosen = Arrays.copyOf(perm, n);
    Arrays.sort(chosen);
    return new Dataset(
        name + "[sample " + n + "]", gather(chosen), gatherLabels(chosen), classNames);
  }

  /**
   * Splits the rows at random (seeded) into training and validation parts; {@code
   * validationFraction} of the rows (rounded) go to validation. Each part keeps the original order.
   */
  public Split split(double validationFraction, long seed) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "split("
              + validationFraction
              + "): the validation fraction must be between 0 and 1 (exclusive), e.g. 0.1");
    }
    int nVal = (int) Math.round(size() * validationFraction);
    int[] perm = Batches.permutation(size(), new SplittableRandom(seed));
    int[] val = Arrays.copyOfRange(perm, 0, nVal);
    int[] train = Arrays.copyOfRange(perm, nVal, perm.length);
    Arrays.sort(val);
    Arrays.sort(train);
    return new Split(
        new Dataset(name + "/train", gather(train), gatherLabels(train), classNames),
        new Dataset(name + "/validation", gather(val), gatherLabels(val), classNames));
  }

  /** Labels as one-hot rows: float32 {@code [N,K]}. */
  public INDArray labelsOneHot() {
    return oneHot(labels, numClasses());
  }

  /** Number of examples of each class, index = label. */
  public int[] classCounts() {
    int[] counts = new int[numClasses()];
    for (int l : labels) {
      counts[l]++;
    }
    return counts;
  }

  /** One image as {@code [C,H,W]} (a view). */
  public INDArray image(int row) {
    return images.get(NDArrayIndex.point(row));
  }

  @Override
  public String toString() {
    return "Dataset["
        + name
        + ": "
        + size()
        + " x "
        + Arrays.toString(exampleShape())
        + ", "
        + numClasses()
        + " classes]";
  }

  /** Copies the given rows into a new c-order array of shape {@code [indices.length, ...]}. */
  INDArray gather(int[] indices) {
    for (int i : indices) {
      if (i < 0 || i >= size()) {
        throw new IllegalArgumentException(
            "row index " + i + " is outside 0.." + (size() - 1) + " of '" + name + "'");
      }
    }
    return new RowGather(images).gather(indices);
  }

  int[] gatherLabels(int[] indices) {
    int[] out = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = labels[indices[i]];
    }
    return out;
  }

  static INDArray oneHot(int[] labels, int k) {
    float[] data = new float[labels.length * k];
    for (int i = 0; i < labels.length; i++) {
      data[i * k + labels[i]] = 1f;
    }
    return Nd4j.create(data, new long[] {labels.length, k}, 'c');
  }
}
