package io.github.compressionlab.nn;

import io.github.compressionlab.data.Dataset;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Accuracy, per-class accuracy, confusion matrix and cross-entropy of a model on a data set. */
public final class Evaluation {
  private final List<String> classNames;
  private final int[][] confusion; // [true][predicted]
  private final int total;
  private final double crossEntropy;

  private Evaluation(List<String> classNames, int[][] confusion, int total, double crossEntropy) {
    this.classNames = classNames;
    this.confusion = confusion;
    this.total = total;
    this.crossEntropy = crossEntropy;
  }

  /** Runs {@code model} on every example of {@code data} (inference mode) and scores it. */
  public static Evaluation of(InferenceModel model, Dataset data) {
    INDArray logits = model.predict(data.images());
    return of(logits, data.labels(), data.classNames(), model.numClasses());
  }

  /** Scores given logits {@code [N, K]} against labels. */
  public static Evaluation of(INDArray logits, int[] labels, List<String> classNames, int k) {
    int[] predicted = logits.argMax(1).toIntVector();
    int[][] confusion = new int[k][k];
    for (int i = 0; i < labels.length; i++) {
      confusion[labels[i]][predicted[i]]++;
    }
    double ce = new SoftmaxCrossEntropy().forward(logits, labels);
    List<String> names = classNames;
    if (names == null || names.size() != k) {
      names = java.util.stream.IntStream.range(0, k).mapToObj(String::valueOf).toList();
    }
    return new Evaluation(names, confusion, labels.length, ce);
  }

  /** Fraction of examples whose arg-max logit is the true class. */
  public double accuracy() {
    long correct = 0;
    for (int c = 0; c < confusion.length; c++) {
      correct += confusion[c][c];
    }
    return total == 0 ? Double.NaN : (double) correct / total;
  }

  /** Mean softmax cross-entropy of the logits. */
  public double crossEntropy() {
    return crossEntropy;
  }

  /** Accuracy within each true class (NaN for a class with no examples). */
  public double[] perClassAccuracy() {
    double[] acc = new double[confusion.length];
    for (int c = 0; c < confusion.length; c++) {
      int n = 0;
      for (int v : confusion[c]) {
        n += v;
      }
      acc[c] = n == 0 ? Double.NaN : (double) confusion[c][c] / n;
    }
    return acc;
  }

  /** Counts {@code [true class][predicted class]}. */
  public int[][] confusion() {
    int[][] copy = new int[confusion.length][];
    for (int i = 0; i < confusion.length; i++) {
      copy[i] = confusion[i].clone();
    }
    return copy;
  }

  public int size() {
    return total;
  }

  /** One row per true class, one column per predicted class. */
  public Table confusionMatrix() {
    Table t = Table.create("confusion matrix (rows: true, columns: predicted)");
    t.addColumns(StringColumn.create("true \\ predicted", classNames));
    for (int p = 0; p < confusion.length; p++) {
      IntColumn col = IntColumn.create(classNames.get(p));
      for (int[] row : confusion) {
        col.append(row[p]);
      }
      t.addColumns(col);
    }
    return t;
  }

  /** Class, examples, accuracy. */
  public Table perClassTable() {
    StringColumn name = StringColumn.create("class");
    IntColumn count = IntColumn.create("examples");
    DoubleColumn acc = DoubleColumn.create("accuracy");
    double[] a = perClassAccuracy();
    for (int c = 0; c < confusion.length; c++) {
      name.append(classNames.get(c));
      count.append(java.util.Arrays.stream(confusion[c]).sum());
      acc.append(a[c]);
    }
    return Table.create("per-class accuracy", name, count, acc);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "Evaluation(accuracy %.4f, cross-entropy %.4f, %d examples)",
        accuracy(),
        crossEntropy,
        total);
  }
}
