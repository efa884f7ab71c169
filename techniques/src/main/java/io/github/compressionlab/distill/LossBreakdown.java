package io.github.compressionlab.distill;

import io.github.compressionlab.viz.Numbers;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The distillation loss of one example, laid open: per class the hard label and the teacher's and
 * student's probabilities, and the terms that add up to the total.
 *
 * @param classNames one per class
 * @param student the student's logits
 * @param teacher the teacher's logits
 * @param label the hard label
 * @param terms the loss terms
 */
public record LossBreakdown(
    List<String> classNames,
    double[] student,
    double[] teacher,
    int label,
    DistillationLoss.Terms terms) {

  public LossBreakdown {
    classNames = List.copyOf(classNames);
    if (classNames.size() != student.length) {
      throw new IllegalArgumentException(
          "got " + student.length + " logits but " + classNames.size() + " class names");
    }
  }

  /**
   * One row per class: hard label, the teacher's and student's probabilities at T, the student's at
   * T = 1, and the class's share {@code p_t ln(p_t/p_s)} of the KL divergence.
   */
  public Table classTable() {
    double t = terms.temperature();
    double[] pt = SoftLabels.softmax(teacher, t);
    double[] ps = SoftLabels.softmax(student, t);
    double[] p1 = SoftLabels.softmax(student, 1);
    int k = classNames.size();
    double[] hard = new double[k];
    double[] klShare = new double[k];
    hard[label] = 1;
    for (int j = 0; j < k; j++) {
      klShare[j] = pt[j] > 0 ? pt[j] * Math.log(pt[j] / ps[j]) : 0;
    }
    String ts = fmt(t);
    return Table.create(
        "one example, class by class",
        StringColumn.create("class", classNames),
        DoubleColumn.create("hard label", hard),
        DoubleColumn.create("teacher p (T=" + ts + ")", Numbers.round(pt, 4)),
        DoubleColumn.create("student p (T=" + ts + ")", Numbers.round(ps, 4)),
        DoubleColumn.create("student p (T=1)", Numbers.round(p1, 4)),
        DoubleColumn.create("KL share", Numbers.round(klShare, 4)));
  }

  /** The terms: hard, KL, soft = T²·KL, their weights and the total. */
  public Table termTable() {
    double a = terms.alpha();
    double t = terms.temperature();
    StringColumn term = StringColumn.create("term");
    StringColumn formula = StringColumn.create("formula");
    DoubleColumn value = DoubleColumn.create("value");
    add(term, formula, value, "hard", "−ln p_student(true class), T=1", terms.hard());
    add(term, formula, value, "KL", "KL(teacher ‖ student) at T=" + fmt(t), terms.kl());
    add(term, formula, value, "soft", "T² · KL = " + fmt(t * t) + " · KL", terms.soft());
    add(term, formula, value, "α · hard", fmt(a) + " · hard", terms.weightedHard());
    add(term, formula, value, "(1−α) · soft", fmt(1 - a) + " · soft", terms.weightedSoft());
    add(term, formula, value, "total", "α · hard + (1−α) · soft", terms.total());
    return Table.create("distillation loss, term by term", term, formula, value);
  }

  private static void add(
      StringColumn term, StringColumn formula, DoubleColumn value, String t, String f, double v) {
    term.append(t);
    formula.append(f);
    value.append(Numbers.round(v, 4));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v).replaceAll("\\.?0+$", "");
  }

  @Override
  public String toString() {
    return termTable().print();
  }
}
