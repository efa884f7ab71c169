package io.github.compressionlab.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;
import io.github.compressionlab.nn.TrainingContext;
import io.github.compressionlab.nn.TrainingListener;
import io.github.compressionlab.testing.TestData;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class DistillerTest {
  private static Dataset train;
  private static Dataset test;
  private static Sequential teacher;

  @BeforeAll
  static void trainTinyTeacher() {
    // 4 classes of 8x8 "band" images; a 2-layer MLP learns them in a few epochs
    train = TestData.blobs(256, 4, 8, 1);
    test = TestData.blobs(128, 4, 8, 2);
    teacher =
        Sequential.builder(1, 8, 8)
            .seed(3)
            .flatten()
            .dense("fc1", 32)
            .relu("r")
            .dense("fc2", 4)
            .build();
    new Trainer(teacher, TrainingConfig.builder().epochs(5).batchSize(32).seed(3).build())
        .fit(train);
  }

  private static Sequential student(long seed) {
    return Sequential.builder(1, 8, 8).seed(seed).flatten().dense("fc", 4).build();
  }

  private static final Kd KD = new Kd(0.1, 4);

  private static TrainingConfig.Builder training() {
    return TrainingConfig.builder().epochs(2).batchSize(32).learningRate(0.03).seed(1);
  }

  private static Distiller distiller() {
    return Distiller.of(teacher, KD, training().build());
  }

  @Test
  void distill_trainsThroughTheTrainer_withListenersAndHistory() {
    AtomicInteger batches = new AtomicInteger();
    TrainingListener counter =
        new TrainingListener() {
          @Override
          public void onBatchEnd(TrainingContext c) {
            batches.incrementAndGet();
          }
        };
    Distiller d = Distiller.of(teacher, KD, training().listener(counter).validation(test).build());
    Sequential student = student(1);
    Distiller.Run run = d.distill(student, train);
    assertSame(student, run.student()); // the student given is the one trained
    assertEquals(2, run.history().size());
    assertEquals(2 * 256 / 32, batches.get());
    assertTrue(run.accuracy(test) > 0.5, "accuracy " + run.accuracy(test));
    assertTrue(run.label().startsWith("distilled"), run.label());
  }

  @Test
  void teacherLogits_areComputedOncePerDataset() {
    Distiller d = distiller();
    TeacherLogits first = d.teacherLogits(train);
    assertSame(first, d.teacherLogits(train));
    assertSame(first, d.withKd(new Kd(0.5, 8)).teacherLogits(train));
    assertSame(first, d.withTraining(training().epochs(1).build()).teacherLogits(train));
    assertEquals(256, first.rows());
    assertEquals(4, first.numClasses());
  }

  @Test
  void baseline_trainsTheGivenStudentOnHardLabels() {
    Distiller d = distiller();
    Sequential a = student(9);
    Distiller.Run hard = d.trainHardLabels(a, train);
    assertEquals("hard labels", hard.label());
    assertEquals(2, hard.history().size());
    assertTrue(!a.parameter("fc.weight").value().equals(student(9).parameter("fc.weight").value()));
  }

  @Test
  void sweepTemperature_givesOneRowPerTemperature() {
    // shape only, not accuracy: one epoch on 64 images keeps the five trainings cheap
    Dataset few = train.subset(0, 64);
    Distiller d = distiller().withTraining(training().epochs(1).build());
    Sweep s = d.sweepTemperature(DistillerTest::student, few, test, 1, 4);
    assertEquals(2, s.table().rowCount());
    assertEquals(4.0, s.table().doubleColumn("T").get(1));
    s.chart();
    Sweep a = d.sweepAlpha(DistillerTest::student, few, test, 0.9);
    assertEquals(0.9, a.table().doubleColumn("alpha").get(0));
  }

  @Test
  void classSimilarity_rowsAreAverageSoftLabelsSummingToOne() {
    ClassSimilarity sim = SoftLabels.classSimilarity(teacher, test, 4);
    for (double[] row : sim.matrix()) {
      assertEquals(1, java.util.Arrays.stream(row).sum(), 1e-5);
    }
    assertEquals(4, sim.mostAlike(10).rowCount() - 2); // 4 classes → 6 pairs
    sim.heatmap();
  }

  @Test
  void mostAmbiguous_picksAnImageOfTheNamedClasses() {
    int row = SoftLabels.mostAmbiguous(teacher, test, 1, 2);
    int label = test.labels()[row];
    assertTrue(label == 1 || label == 2, "label " + label);
  }

  @Test
  void sweep_gapClosed_isShareOfTeacherMinusBaseline() {
    // baseline 0.80, teacher 0.90: a student at 0.85 closes (0.85 − 0.80) / (0.90 − 0.80) = ½
    Sweep s = new Sweep("alpha", java.util.List.of(new Sweep.Point(0.1, 4, 0.85, 1)), 0.80, 0.90);
    assertEquals(0.5, s.gapClosed(0.85), 1e-12);
    assertEquals(0.5, s.table().doubleColumn("gap closed").get(0), 1e-12);
    assertEquals(5.0, s.table().doubleColumn("gain vs hard labels (pp)").get(0), 1e-9);
  }

  @Test
  void studentWithOtherClassCount_isRejected() {
    Distiller d = distiller();
    Sequential three = Sequential.builder(1, 8, 8).seed(1).flatten().dense("fc", 3).build();
    var e = assertThrows(IllegalArgumentException.class, () -> d.distill(three, train));
    assertTrue(
        e.getMessage().contains("teacher predicts 4 classes but the student 3"), e.getMessage());
  }

  @Test
  void teacherLogitsOfAnotherDataset_areRejected() {
    TeacherLogits logits = TeacherLogits.of(teacher, train);
    var rows = assertThrows(IllegalArgumentException.class, () -> logits.requireMatches(test));
    assertTrue(rows.getMessage().contains("256 rows"), rows.getMessage());
    Dataset shuffled = train.select(reversed(256));
    var order = assertThrows(IllegalArgumentException.class, () -> logits.requireMatches(shuffled));
    assertTrue(order.getMessage().contains("labels differ"), order.getMessage());
    TeacherLogits threeClasses = new TeacherLogits("x", Nd4j.zeros(256, 3), 0);
    var classes =
        assertThrows(IllegalArgumentException.class, () -> threeClasses.requireMatches(train));
    assertTrue(classes.getMessage().contains("3 classes"), classes.getMessage());
  }

  @Test
  void badSettings_areRejectedWhereTheyAreWritten() {
    assertThrows(IllegalArgumentException.class, () -> new Kd(1.1, 4));
    assertThrows(IllegalArgumentException.class, () -> new Kd(0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> new Kd(0.1, Double.POSITIVE_INFINITY));
    // α and T written the wrong way round: the message shows the right order
    var swapped = assertThrows(IllegalArgumentException.class, () -> new Kd(4, 0.1));
    assertTrue(swapped.getMessage().contains("new Kd(0.1, 4)"), swapped.getMessage());
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> new Distiller(null, KD, training().build()));
    assertTrue(e.getMessage().contains("needs a teacher"), e.getMessage());
  }

  private static int[] reversed(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = n - 1 - i;
    }
    return r;
  }
}
