package io.github.compressionlab.distill;

import io.github.compressionlab.data.Batch;
import io.github.compressionlab.nn.Loss;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The knowledge-distillation loss of Hinton, Vinyals and Dean, "Distilling the Knowledge in a
 * Neural Network" (2015), averaged over the batch:
 *
 * <pre>
 *   L = α · CE(softmax(z_s), y)  +  (1 − α) · T² · KL(softmax(z_t / T) ‖ softmax(z_s / T))
 *       \_____ hard term ____/      \______________ soft term _______________________/
 * </pre>
 *
 * where {@code z_s} are the student's logits, {@code z_t} the teacher's, {@code y} the hard label,
 * {@code T} the temperature and {@code α} the weight of the hard term (α = 0.1 is the usual choice:
 * mostly the teacher, a little ground truth).
 *
 * <p><b>Why T².</b> The gradient of the soft term with respect to a student logit is {@code (1/T) ·
 * (softmax(z_s/T) − softmax(z_t/T))}, and for large T those probability differences themselves
 * shrink like {@code 1/T} (Hinton et al., section 2.1), so the soft gradients scale as {@code
 * 1/T²}. Multiplying by T² keeps their size roughly independent of T and comparable to the hard
 * term's, so changing the temperature does not silently change the balance that α sets. The
 * gradient here is {@code [α (softmax(z_s) − onehot(y)) + (1 − α) T (softmax(z_s/T) −
 * softmax(z_t/T))] / B}.
 *
 * <p><b>Teacher logits.</b> The teacher is fixed, so its logits are computed once per data set
 * ({@link TeacherLogits#of}) and looked up by each batch's {@link Batch#indices()}. A loss made
 * with {@link #DistillationLoss(double, double)} has none bound: bind them with {@link
 * #withTeacher}, or call {@link #forward(INDArray, INDArray, int[])} with the teacher logits of the
 * batch. Call order per batch, as for every {@link Loss}: {@code forward}, then {@code backward}.
 */
public final class DistillationLoss implements Loss {
  private final double alpha;
  private final double temperature;
  private final TeacherLogits teacher;
  private final float[] teacherRows;

  private float[] grad;
  private long[] shape;
  private double lastHard = Double.NaN;
  private double lastSoft = Double.NaN;

  /**
   * A loss with no teacher logits bound yet.
   *
   * @param alpha weight of the hard-label term, in [0, 1]; 1 is plain cross-entropy, 0 is pure
   *     distillation
   * @param temperature softening of both distributions in the soft term, &gt; 0 (usually 2..10)
   */
  public DistillationLoss(double alpha, double temperature) {
    this(alpha, temperature, null);
  }

  /** A loss reading the teacher's logits of each batch from {@code teacher} by row index. */
  public DistillationLoss(double alpha, double temperature, TeacherLogits teacher) {
    this(new Kd(alpha, temperature), teacher);
  }

  /**
   * The loss of these settings, reading the teacher's logits of each batch from {@code teacher}.
   */
  public DistillationLoss(Kd kd, TeacherLogits teacher) {
    this.alpha = kd.alpha();
    this.temperature = kd.temperature();
    this.teacher = teacher;
    this.teacherRows = teacher == null ? null : teacher.logits().dup('c').data().asFloat();
  }

  /** This loss with {@code teacher}'s logits bound (same α and T). */
  public DistillationLoss withTeacher(TeacherLogits teacher) {
    return new DistillationLoss(alpha, temperature, teacher);
  }

  public double alpha() {
    return alpha;
  }

  public double temperature() {
    return temperature;
  }

  /** The bound teacher logits, or null. */
  public TeacherLogits teacher() {
    return teacher;
  }

  /** The batch mean of the unweighted hard term CE of the last {@code forward}. */
  public double lastHard() {
    return lastHard;
  }

  /** The batch mean of the unweighted soft term T²·KL of the last {@code forward}. */
  public double lastSoft() {
    return lastSoft;
  }

  /** The loss of a training batch, with the teacher logits looked up by {@code batch.indices()}. */
  @Override
  public double forward(INDArray logits, Batch batch) {
    if (teacher == null) {
      throw new IllegalStateException(
          "this DistillationLoss has no teacher logits: bind them with"
              + " loss.withTeacher(TeacherLogits.of(teacher, trainData)), or train with Distiller");
    }
    requireLogits(logits, batch.size());
    int k = (int) logits.size(1);
    if (k != teacher.numClasses()) {
      throw new IllegalArgumentException(
          "the student has "
              + k
              + " classes but the teacher logits have "
              + teacher.numClasses()
              + "; teacher and student must predict the same classes");
    }
    int[] idx = batch.indices();
    float[] t = new float[idx.length * k];
    for (int i = 0; i < idx.length; i++) {
      if (idx[i] < 0 || idx[i] >= teacher.rows()) {
        throw new IllegalArgumentException(
            "batch row index "
                + idx[i]
                + " is outside the "
                + teacher.rows()
                + " rows of the teacher logits (from '"
                + teacher.datasetName()
                + "'); the logits must be computed for the data set being trained on");
      }
      System.arraycopy(teacherRows, idx[i] * k, t, i * k, k);
    }
    return forward(floats(logits), t, batch.labels(), logits.shape());
  }

  /**
   * The loss of student logits {@code [B,K]} against the teacher logits {@code [B,K]} of the same
   * examples and their hard labels.
   */
  public double forward(INDArray studentLogits, INDArray teacherLogits, int[] labels) {
    requireLogits(studentLogits, labels.length);
    if (!java.util.Arrays.equals(studentLogits.shape(), teacherLogits.shape())) {
      throw new IllegalArgumentException(
          "student logits "
              + java.util.Arrays.toString(studentLogits.shape())
              + " and teacher logits "
              + java.util.Arrays.toString(teacherLogits.shape())
              + " must have the same shape [batch, classes]");
    }
    return forward(floats(studentLogits), floats(teacherLogits), labels, studentLogits.shape());
  }

  private double forward(float[] zs, float[] zt, int[] labels, long[] logitShape) {
    int b = labels.length;
    int k = (int) logitShape[1];
    grad = new float[b * k];
    shape = logitShape.clone();
    double[] s = new double[k];
    double[] t = new double[k];
    double hardSum = 0;
    double softSum = 0;
    for (int i = 0; i < b; i++) {
      int y = labels[i];
      if (y < 0 || y >= k) {
        throw new IllegalArgumentException(
            "label " + y + " at row " + i + " is outside 0.." + (k - 1) + " (the logits' classes)");
      }
      for (int j = 0; j < k; j++) {
        s[j] = zs[i * k + j];
        t[j] = zt[i * k + j];
      }
      Terms terms = terms(s, t, y);
      hardSum += terms.hard();
      softSum += terms.soft();
      double[] p1 = SoftLabels.softmax(s, 1);
      double[] ps = SoftLabels.softmax(s, temperature);
      double[] pt = SoftLabels.softmax(t, temperature);
      for (int j = 0; j < k; j++) {
        double g = alpha * (p1[j] - (j == y ? 1 : 0)) + (1 - alpha) * temperature * (ps[j] - pt[j]);
        grad[i * k + j] = (float) (g / b);
      }
    }
    lastHard = hardSum / b;
    lastSoft = softSum / b;
    return alpha * lastHard + (1 - alpha) * lastSoft;
  }

  @Override
  public INDArray backward() {
    if (grad == null) {
      throw new IllegalStateException("backward called before forward; call forward first");
    }
    return Nd4j.create(grad, shape, 'c');
  }

  /**
   * The loss of one example, term by term.
   *
   * @param student the student's logits
   * @param teacher the teacher's logits
   * @param label the hard label
   */
  public Terms terms(double[] student, double[] teacher, int label) {
    if (student.length != teacher.length) {
      throw new IllegalArgumentException(
          "student and teacher must give logits for the same classes; got "
              + student.length
              + " and "
              + teacher.length);
    }
    if (label < 0 || label >= student.length) {
      throw new IllegalArgumentException(
          "label " + label + " is outside 0.." + (student.length - 1));
    }
    double[] p1 = SoftLabels.softmax(student, 1);
    double hard = -Math.log(Math.max(p1[label], Double.MIN_NORMAL));
    double kl =
        SoftLabels.klDivergence(
            SoftLabels.softmax(teacher, temperature), SoftLabels.softmax(student, temperature));
    double soft = temperature * temperature * kl;
    return new Terms(alpha, temperature, hard, kl, soft, alpha * hard + (1 - alpha) * soft);
  }

  /** {@link #terms} with the per-class probabilities behind them, for a notebook. */
  public LossBreakdown explain(
      double[] student, double[] teacher, int label, List<String> classNames) {
    return new LossBreakdown(classNames, student, teacher, label, terms(student, teacher, label));
  }

  /**
   * One example's loss, term by term.
   *
   * @param hard cross-entropy of the student (at T = 1) against the hard label
   * @param kl {@code KL(softmax(z_t/T) ‖ softmax(z_s/T))}
   * @param soft {@code T² · kl}
   * @param total {@code α · hard + (1 − α) · soft}
   */
  public record Terms(
      double alpha, double temperature, double hard, double kl, double soft, double total) {
    public double weightedHard() {
      return alpha * hard;
    }

    public double weightedSoft() {
      return (1 - alpha) * soft;
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "DistillationLoss(alpha=%s, T=%s)", alpha, temperature);
  }

  private static void requireLogits(INDArray logits, int rows) {
    if (logits.rank() != 2 || logits.size(0) != rows) {
      throw new IllegalArgumentException(
          "distillation needs logits [batch, classes] with one row per label; got logits "
              + java.util.Arrays.toString(logits.shape())
              + " and "
              + rows
              + " labels");
    }
  }

  private static float[] floats(INDArray a) {
    return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }
}
