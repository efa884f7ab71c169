package io.github.compressionlab.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.data.Batch;
import io.github.compressionlab.nn.SoftmaxCrossEntropy;
import io.github.compressionlab.testing.GradientCheck;
import io.github.compressionlab.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DistillationLossTest {
  private static final float LN3 = (float) Math.log(3);

  // The 2-class example worked out by hand, T = 2, α = ½, true class 0:
  //   teacher logits [2 ln 3, 0] → at T=2: [ln 3, 0] → p_t = [¾, ¼]
  //   student logits [0, 2 ln 3] → at T=1: [1, 9]/10 → p = [0.1, 0.9]; at T=2: [0, ln 3] → p_s =
  // [¼, ¾]
  //   hard = −ln 0.1 = ln 10 = 2.302585
  //   KL(p_t ‖ p_s) = ¾ ln(¾ / ¼) + ¼ ln(¼ / ¾) = ¾ ln 3 − ¼ ln 3 = ½ ln 3 = 0.549306
  //   soft = T² · KL = 4 · 0.549306 = 2.197225
  //   total = ½ · 2.302585 + ½ · 2.197225 = 2.249905
  private static final INDArray TEACHER = Nd4j.create(new float[][] {{2 * LN3, 0}});
  private static final INDArray STUDENT = Nd4j.create(new float[][] {{0, 2 * LN3}});

  @Test
  void twoClassExample_matchesHandArithmetic() {
    DistillationLoss loss = new DistillationLoss(0.5, 2);
    assertEquals(2.249905, loss.forward(STUDENT, TEACHER, new int[] {0}), 1e-5);
    assertEquals(2.302585, loss.lastHard(), 1e-5);
    assertEquals(2.197225, loss.lastSoft(), 1e-5);
  }

  @Test
  void twoClassExample_gradientByHand() {
    // α (p − onehot) + (1−α) T (p_s − p_t) = ½ ([0.1, 0.9] − [1, 0]) + ½ · 2 · ([¼, ¾] − [¾, ¼])
    //                                      = [−0.45, 0.45] + [−0.5, 0.5] = [−0.95, 0.95]
    DistillationLoss loss = new DistillationLoss(0.5, 2);
    loss.forward(STUDENT, TEACHER, new int[] {0});
    assertArrayEquals(new float[] {-0.95f, 0.95f}, loss.backward().toFloatVector(), 1e-5f);
  }

  @Test
  void terms_breakTheTotalDown() {
    DistillationLoss.Terms t =
        new DistillationLoss(0.5, 2).terms(new double[] {0, 2 * LN3}, new double[] {2 * LN3, 0}, 0);
    assertEquals(2.302585, t.hard(), 1e-5);
    assertEquals(0.549306, t.kl(), 1e-5);
    assertEquals(2.197225, t.soft(), 1e-5);
    assertEquals(t.weightedHard() + t.weightedSoft(), t.total(), 1e-12);
    var breakdown =
        new DistillationLoss(0.5, 2)
            .explain(
                new double[] {0, 2 * LN3}, new double[] {2 * LN3, 0}, 0, List.of("cat", "dog"));
    assertEquals(0.75, breakdown.classTable().doubleColumn("teacher p (T=2)").get(0), 1e-4);
    assertEquals(6, breakdown.termTable().rowCount());
  }

  @Test
  void alphaOne_isPlainCrossEntropy() {
    INDArray z = TestData.uniform(3, 4, 5).muli(3);
    INDArray t = TestData.uniform(4, 4, 5).muli(3);
    int[] y = {0, 4, 2, 1};
    double ce = new SoftmaxCrossEntropy().forward(z, y);
    assertEquals(ce, new DistillationLoss(1, 3).forward(z, t, y), 1e-6);
  }

  @Test
  void studentEqualsTeacher_alphaZero_givesZeroLossAndGradient() {
    INDArray z = TestData.uniform(5, 3, 4);
    DistillationLoss loss = new DistillationLoss(0, 5);
    assertEquals(0, loss.forward(z, z.dup(), new int[] {0, 1, 2}), 1e-7);
    assertEquals(0, loss.backward().amaxNumber().doubleValue(), 1e-7);
  }

  @Test
  void backward_matchesFiniteDifferences() {
    INDArray teacher = TestData.uniform(7, 3, 5).muli(4);
    INDArray student = TestData.uniform(8, 3, 5).muli(3);
    Batch batch = TestData.batch(Nd4j.zeros(3, 1), new int[] {0, 4, 2}, 5);
    for (double temperature : new double[] {1, 4}) {
      DistillationLoss loss =
          new DistillationLoss(0.3, temperature, new TeacherLogits("fixture", teacher, 0));
      GradientCheck.assertLossGradient(loss, student, batch);
    }
  }

  @Test
  void batch_looksUpTeacherRowsByIndex() {
    // teacher rows 0, 1, 2; the batch holds dataset rows 2 and 0, in that order
    INDArray teacher = TestData.uniform(9, 3, 4);
    INDArray student = TestData.uniform(10, 2, 4);
    Batch batch = new Batch(Nd4j.zeros(2, 1), Nd4j.zeros(2, 4), new int[] {1, 3}, new int[] {2, 0});
    DistillationLoss bound = new DistillationLoss(0.2, 3, new TeacherLogits("t", teacher, 0));
    INDArray rows = Nd4j.vstack(teacher.getRow(2, true), teacher.getRow(0, true));
    assertEquals(
        new DistillationLoss(0.2, 3).forward(student, rows, new int[] {1, 3}),
        bound.forward(student, batch),
        1e-9);
  }

  @Test
  void alphaOutsideZeroOne_isRejected() {
    for (double a : new double[] {-0.1, 1.5, Double.NaN}) {
      var e = assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(a, 2));
      assertTrue(e.getMessage().contains("alpha"), e.getMessage());
      assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
    }
  }

  @Test
  void nonPositiveTemperature_isRejected() {
    for (double t : new double[] {0, -2}) {
      var e = assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(0.1, t));
      assertTrue(e.getMessage().contains("temperature must be"), e.getMessage());
    }
  }

  @Test
  void teacherWithOtherClassCount_isRejected() {
    DistillationLoss loss =
        new DistillationLoss(0.1, 2, new TeacherLogits("t", Nd4j.zeros(4, 3), 0));
    Batch batch = TestData.batch(Nd4j.zeros(2, 1), new int[] {0, 1}, 5);
    var e =
        assertThrows(IllegalArgumentException.class, () -> loss.forward(Nd4j.zeros(2, 5), batch));
    assertTrue(e.getMessage().contains("the student has 5 classes"), e.getMessage());
  }

  @Test
  void batchIndexBeyondTeacherRows_isRejected() {
    DistillationLoss loss =
        new DistillationLoss(0.1, 2, new TeacherLogits("small", Nd4j.zeros(2, 3), 0));
    Batch batch = new Batch(Nd4j.zeros(1, 1), Nd4j.zeros(1, 3), new int[] {0}, new int[] {7});
    var e =
        assertThrows(IllegalArgumentException.class, () -> loss.forward(Nd4j.zeros(1, 3), batch));
    assertTrue(e.getMessage().contains("outside the 2 rows"), e.getMessage());
  }

  @Test
  void unboundLoss_saysHowToBindTeacherLogits() {
    Batch batch = TestData.batch(Nd4j.zeros(1, 1), new int[] {0}, 2);
    var e =
        assertThrows(
            IllegalStateException.class,
            () -> new DistillationLoss(0.1, 2).forward(Nd4j.zeros(1, 2), batch));
    assertTrue(e.getMessage().contains("withTeacher"), e.getMessage());
  }
}
