package io.github.compressionlab.measure;

import io.github.compressionlab.TableView;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How well a classifier's confidence matches how often it is right. The test examples are put in
 * {@code bins} equal-width bins by their top probability; in each bin the mean top probability (the
 * confidence) and the accuracy are compared. The expected calibration error (Naeini et al. 2015;
 * Guo et al. 2017, "On calibration of modern neural networks") is the examples-weighted mean of
 * |accuracy − confidence| over the bins: 0 for a perfectly calibrated model.
 *
 * @param name whose predictions these are, for tables and charts
 * @param bins number of equal-width confidence bins over [0, 1]
 * @param binConfidence per bin, the mean top probability of its examples (NaN if empty)
 * @param binAccuracy per bin, the share of its examples predicted right (NaN if empty)
 * @param counts per bin, its number of examples
 * @param confidences every example's top probability, in test-set order
 * @param ece the expected calibration error
 */
public record Calibration(
    String name,
    int bins,
    double[] binConfidence,
    double[] binAccuracy,
    int[] counts,
    double[] confidences,
    double ece)
    implements TableView {

  /** The usual number of bins (Guo et al. use 15). */
  public static final int DEFAULT_BINS = 15;

  /**
   * Calibration of probabilities {@code [N, K]} (rows summing to 1) against {@code labels}.
   *
   * @throws IllegalArgumentException if the shapes disagree or {@code bins} &lt; 1
   */
  public static Calibration of(String name, INDArray probabilities, int[] labels, int bins) {
    if (probabilities == null || probabilities.rank() != 2) {
      throw new IllegalArgumentException(
          "give probabilities as a matrix [examples, classes], e.g. SoftLabels.softmax(logits, 1)");
    }
    if (probabilities.size(0) != labels.length) {
      throw new IllegalArgumentException(
          "there are "
              + probabilities.size(0)
              + " rows of probabilities but "
              + labels.length
              + " labels; give both for the same examples");
    }
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be at least 1, got " + bins + "; 15 is usual");
    }
    int n = labels.length;
    int k = (int) probabilities.size(1);
    float[] p = probabilities.dup('c').data().asFloat();
    double[] conf = new double[n];
    double[] sumConf = new double[bins];
    int[] right = new int[bins];
    int[] counts = new int[bins];
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int j = 1; j < k; j++) {
        if (p[i * k + j] > p[i * k + best]) {
          best = j;
        }
      }
      double c = p[i * k + best];
      conf[i] = c;
      int b = Math.min(bins - 1, (int) (c * bins));
      counts[b]++;
      sumConf[b] += c;
      if (best == labels[i]) {
        right[b]++;
      }
    }
    double[] meanConf = new double[bins];
    double[] acc = new double[bins];
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      meanConf[b] = counts[b] == 0 ? Double.NaN : sumConf[b] / counts[b];
      acc[b] = counts[b] == 0 ? Double.NaN : (double) right[b] / counts[b];
      if (counts[b] > 0) {
        ece += (double) counts[b] / n * Math.abs(acc[b] - meanConf[b]);
      }
    }
    return new Calibration(name, bins, meanConf, acc, counts, conf, ece);
  }

  /** The mean top probability over all examples. */
  public double meanConfidence() {
    return Arrays.stream(confidences).average().orElse(Double.NaN);
  }

  /** One row per non-empty bin: its range, examples, mean confidence, accuracy and their gap. */
  @Override
  public Table table() {
    StringColumn range = StringColumn.create("confidence bin");
    IntColumn n = IntColumn.create("examples");
    DoubleColumn c = DoubleColumn.create("mean confidence");
    DoubleColumn a = DoubleColumn.create("accuracy");
    DoubleColumn gap = DoubleColumn.create("accuracy - confidence");
    for (int b = 0; b < bins; b++) {
      if (counts[b] == 0) {
        continue;
      }
      range.append(
          String.format(Locale.ROOT, "%.2f-%.2f", (double) b / bins, (double) (b + 1) / bins));
      n.append(counts[b]);
      c.append(binConfidence[b]);
      a.append(binAccuracy[b]);
      gap.append(binAccuracy[b] - binConfidence[b]);
    }
    return Table.create(
        String.format(Locale.ROOT, "%s: calibration (ECE %.4f)", name, ece), range, n, c, a, gap);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "Calibration[%s: ECE %.4f, mean confidence %.4f, %d bins]",
        name,
        ece,
        meanConfidence(),
        bins);
  }
}
