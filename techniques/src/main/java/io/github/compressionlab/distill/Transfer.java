package io.github.compressionlab.distill;

import io.github.compressionlab.TableView;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.measure.Calibration;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.viz.Charts;
import io.github.compressionlab.viz.Numbers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a student took from its teacher, measured on a whole test set: how often it predicts what
 * the teacher predicts (agreement), how far its probabilities are from the teacher's (mean
 * KL(teacher ‖ student) at T = 1, in nats), and whether its confidence means what the teacher's
 * does (expected calibration error, reliability diagram, confidence histogram). Accuracy alone
 * cannot tell a student that learnt the teacher's view of the data from one that learnt the labels.
 *
 * @param student the student's name in tables and charts
 * @param accuracy the student's test accuracy
 * @param teacherAccuracy the teacher's
 * @param agreement share of test images where the student's arg-max is the teacher's
 * @param meanKl mean over the test images of KL(teacher ‖ student) at T = 1, nats
 * @param studentCalibration the student's calibration
 * @param teacherCalibration the teacher's
 */
public record Transfer(
    String student,
    double accuracy,
    double teacherAccuracy,
    double agreement,
    double meanKl,
    Calibration studentCalibration,
    Calibration teacherCalibration)
    implements TableView {

  /**
   * Measures {@code student} against the teacher whose logits on {@code test} are {@code teacher}.
   *
   * @throws IllegalArgumentException if the logits are not {@code test}'s or the classes differ
   */
  public static Transfer of(
      String name, InferenceModel student, TeacherLogits teacher, Dataset test) {
    if (student == null || teacher == null || test == null) {
      throw new IllegalArgumentException(
          "give the student, the teacher's logits on the test set and the test set, e.g."
              + " Transfer.of(\"distilled\", run.student(), cache.logits(test), test)");
    }
    teacher.requireMatches(test);
    if (student.numClasses() != teacher.numClasses()) {
      throw new IllegalArgumentException(
          "the student predicts "
              + student.numClasses()
              + " classes but the teacher "
              + teacher.numClasses());
    }
    INDArray ps = SoftLabels.softmax(SoftLabels.logits(student, test.images()), 1);
    INDArray pt = SoftLabels.softmax(teacher.logits(), 1);
    int n = test.size();
    int k = teacher.numClasses();
    float[] s = ps.dup('c').data().asFloat();
    float[] t = pt.dup('c').data().asFloat();
    int agree = 0;
    int right = 0;
    int teacherRight = 0;
    double kl = 0;
    for (int i = 0; i < n; i++) {
      int bs = 0;
      int bt = 0;
      double row = 0;
      for (int j = 0; j < k; j++) {
        float sj = s[i * k + j];
        float tj = t[i * k + j];
        if (sj > s[i * k + bs]) {
          bs = j;
        }
        if (tj > t[i * k + bt]) {
          bt = j;
        }
        if (tj > 0) {
          row += tj * Math.log(tj / Math.max(sj, 1e-30));
        }
      }
      kl += row;
      agree += bs == bt ? 1 : 0;
      right += bs == test.labels()[i] ? 1 : 0;
      teacherRight += bt == test.labels()[i] ? 1 : 0;
    }
    return new Transfer(
        name,
        (double) right / n,
        (double) teacherRight / n,
        (double) agree / n,
        kl / n,
        Calibration.of(name, ps, test.labels(), Calibration.DEFAULT_BINS),
        Calibration.of("teacher", pt, test.labels(), Calibration.DEFAULT_BINS));
  }

  /** One row: accuracy, agreement, mean KL, both ECEs and mean confidences. */
  @Override
  public Table table() {
    return compare(List.of(this));
  }

  /** One row per student, the teacher's figures beside them. */
  public static Table compare(List<Transfer> students) {
    StringColumn name = StringColumn.create("student");
    DoubleColumn acc = DoubleColumn.create("accuracy");
    DoubleColumn agree = DoubleColumn.create("agreement with teacher");
    DoubleColumn kl = DoubleColumn.create("mean KL(teacher||student)");
    DoubleColumn ece = DoubleColumn.create("ECE");
    DoubleColumn conf = DoubleColumn.create("mean confidence");
    for (Transfer t : students) {
      name.append(t.student());
      acc.append(Numbers.round(t.accuracy(), 4));
      agree.append(Numbers.round(t.agreement(), 4));
      kl.append(Numbers.round(t.meanKl(), 4));
      ece.append(Numbers.round(t.studentCalibration().ece(), 4));
      conf.append(Numbers.round(t.studentCalibration().meanConfidence(), 4));
    }
    if (!students.isEmpty()) {
      Transfer first = students.get(0);
      name.append("teacher");
      acc.append(Numbers.round(first.teacherAccuracy(), 4));
      agree.append(1.0);
      kl.append(0.0);
      ece.append(Numbers.round(first.teacherCalibration().ece(), 4));
      conf.append(Numbers.round(first.teacherCalibration().meanConfidence(), 4));
    }
    return Table.create("what the students took from the teacher", name, acc, agree, kl, ece, conf);
  }

  /**
   * The reliability diagram of {@code students} and their teacher: per confidence bin, accuracy
   * against mean confidence; the diagonal is perfect calibration, points below it over-confident.
   */
  public static XYChart reliabilityDiagram(List<Transfer> students) {
    Map<String, double[][]> series = new LinkedHashMap<>();
    series.put("perfectly calibrated", new double[][] {{0, 1}, {0, 1}});
    if (!students.isEmpty()) {
      Calibration t = students.get(0).teacherCalibration();
      series.put(label(t), new double[][] {t.binConfidence(), t.binAccuracy()});
    }
    for (Transfer s : students) {
      Calibration c = s.studentCalibration();
      series.put(label(c), new double[][] {c.binConfidence(), c.binAccuracy()});
    }
    XYChart chart =
        Charts.curves("Reliability diagram (test set)", "confidence", "accuracy", series);
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    return chart;
  }

  /** Histograms of the top probability of the teacher and each student over the test images. */
  public static CategoryChart confidenceHistogram(List<Transfer> students) {
    int bins = 10;
    List<String> categories = new java.util.ArrayList<>();
    for (int b = 0; b < bins; b++) {
      categories.add(String.format(Locale.ROOT, "%.1f-%.1f", b / 10.0, (b + 1) / 10.0));
    }
    Map<String, double[]> series = new LinkedHashMap<>();
    if (!students.isEmpty()) {
      series.put("teacher", shares(students.get(0).teacherCalibration().confidences(), bins));
    }
    for (Transfer s : students) {
      series.put(s.student(), shares(s.studentCalibration().confidences(), bins));
    }
    return Charts.bars(
        "How confident: top probability on the test images",
        "top probability",
        "share of test images",
        categories,
        series);
  }

  private static double[] shares(double[] confidences, int bins) {
    double[] out = new double[bins];
    for (double c : confidences) {
      out[Math.min(bins - 1, (int) (c * bins))]++;
    }
    for (int b = 0; b < bins; b++) {
      out[b] /= confidences.length;
    }
    return out;
  }

  private static String label(Calibration c) {
    return String.format(Locale.ROOT, "%s (ECE %.3f)", c.name(), c.ece());
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "Transfer[%s: accuracy %.4f, agreement %.4f, KL %.4f, ECE %.4f (teacher %.4f)]",
        student,
        accuracy,
        agreement,
        meanKl,
        studentCalibration.ece(),
        teacherCalibration.ece());
  }
}
