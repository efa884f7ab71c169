package io.github.compressionlab.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.measure.Calibration;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;
import io.github.compressionlab.testing.TestData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class FewLabelsTest {
  private static Dataset pool;
  private static Dataset test;
  private static Sequential teacher;

  @BeforeAll
  static void trainTinyTeacher() {
    pool = TestData.blobs(400, 4, 8, 1);
    test = TestData.blobs(200, 4, 8, 2);
    teacher =
        Sequential.builder(1, 8, 8)
            .seed(3)
            .flatten()
            .dense("fc1", 32)
            .relu("r")
            .dense("fc2", 4)
            .build();
    new Trainer(teacher, TrainingConfig.builder().epochs(5).batchSize(32).seed(3).build())
        .fit(pool);
  }

  private static Sequential student(long seed) {
    return Sequential.builder(1, 8, 8).seed(seed).flatten().dense("fc", 4).build();
  }

  private static TrainingConfig training() {
    return TrainingConfig.builder().epochs(2).batchSize(32).learningRate(0.03).seed(1).build();
  }

  @Test
  void theLabelledImages_areClassBalanced_seeded_andDisjointFromTheTransferSet() {
    TransferSet a = TransferSet.of(pool, 5, 7);
    TransferSet b = TransferSet.of(pool, 5, 7);
    TransferSet c = TransferSet.of(pool, 5, 8);
    assertArrayEquals(a.labelledRows(), b.labelledRows());
    assertNotEquals(Arrays.toString(a.labelledRows()), Arrays.toString(c.labelledRows()));
    assertArrayEquals(new int[] {5, 5, 5, 5}, a.labelled().classCounts());
    Set<Integer> seen = new HashSet<>();
    Arrays.stream(a.labelledRows()).forEach(seen::add);
    Arrays.stream(a.transferRows()).forEach(r -> assertTrue(seen.add(r), "row " + r + " twice"));
    assertEquals(pool.size(), seen.size());
  }

  @Test
  void theTeacherLabelsTheTransferSet_andTheLabelledRowsKeepTheirTrueLabels() {
    TransferSet few = TransferSet.of(pool, 5, 7);
    TeacherLogits logits = TeacherLogits.of(teacher, pool);
    Dataset taught = few.teacherLabelled(logits);
    int[] predicted = logits.logits().argMax(1).toIntVector();
    for (int row : few.labelledRows()) {
      assertEquals(pool.labels()[row], taught.labels()[row]);
    }
    for (int row : few.transferRows()) {
      assertEquals(predicted[row], taught.labels()[row]);
    }
    few.logitsFor(taught, logits).requireMatches(taught);
    double onTransfer = few.teacherAccuracyOnTransfer(logits);
    assertTrue(onTransfer > 0.9, "the tiny teacher labels its blobs well: " + onTransfer);
  }

  @Test
  void oneExperiment_trainsThreeStudents_forTheSameSteps() {
    AtomicInteger made = new AtomicInteger();
    Distiller d = Distiller.of(teacher, new Kd(0.5, 2), training());
    FewLabels.Result r =
        FewLabels.run(
            d,
            seed -> {
              made.incrementAndGet();
              return student(seed);
            },
            TransferSet.of(pool, 5, 7),
            test);
    assertEquals(3, made.get());
    long poolSteps = 2L * ((pool.size() + 31) / 32);
    long labelledSteps = (long) r.labelsOnly().history().epochs().size() * 1; // 20 images: 1 step
    assertTrue(labelledSteps >= poolSteps, labelledSteps + " < " + poolSteps);
    assertEquals("hard labels", r.hardPseudo().label());
    assertTrue(r.soft().label().startsWith("distilled"));
    assertTrue(r.teacher() > 0.9);
    for (double acc :
        new double[] {r.labelsOnlyAccuracy(), r.hardPseudoAccuracy(), r.softAccuracy()}) {
      assertTrue(acc > 0.25 && acc <= 1, "accuracy " + acc);
    }
    double gap = r.teacher() - r.labelsOnlyAccuracy();
    if (gap > 0) {
      assertEquals((r.softAccuracy() - r.labelsOnlyAccuracy()) / gap, r.gapClosed(), 1e-12);
    }
    var table = FewLabels.ladder(List.of(r)).table();
    assertEquals(1, table.rowCount());
    assertEquals(5, table.intColumn("labels per class").get(0));
  }

  @Test
  void halves_areDisjoint_andSplitEveryClass() {
    TransferSet.Halves h = TransferSet.halves(pool, 3);
    assertEquals(pool.size(), h.teacherHalf().size() + h.studentHalf().size());
    int[] a = h.teacherHalf().classCounts();
    int[] b = h.studentHalf().classCounts();
    for (int c = 0; c < a.length; c++) {
      assertTrue(Math.abs(a[c] - b[c]) <= 1, "class " + c + ": " + a[c] + " vs " + b[c]);
    }
  }

  @Test
  void badInput_saysWhatWasWrong() {
    var tooMany = assertThrows(IllegalArgumentException.class, () -> TransferSet.of(pool, 100, 1));
    assertTrue(tooMany.getMessage().contains("at most"), tooMany.getMessage());
    var notEven =
        assertThrows(IllegalArgumentException.class, () -> TransferSet.ofTotal(pool, 10, 1));
    assertTrue(notEven.getMessage().contains("multiple of 4"), notEven.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TransferSet.of(pool, 0, 1));
    TransferSet few = TransferSet.of(pool, 5, 7);
    var wrongLogits =
        assertThrows(
            IllegalArgumentException.class,
            () -> few.teacherLabelled(TeacherLogits.of(teacher, test)));
    assertTrue(wrongLogits.getMessage().contains("rows"), wrongLogits.getMessage());
    var alpha =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                KdGrid.run(
                    "x",
                    Distiller.of(teacher, new Kd(0.5, 2), training()),
                    FewLabelsTest::student,
                    pool,
                    test,
                    new double[] {0.5, 1.5},
                    new double[] {2}));
    assertTrue(alpha.getMessage().contains("1.5"), alpha.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            KdGrid.run(
                "x",
                Distiller.of(teacher, new Kd(0.5, 2), training()),
                FewLabelsTest::student,
                pool,
                test,
                new double[] {0.5},
                new double[] {0}));
  }

  @Test
  void whatIsTransferred_theTeacherAgainstItself_agreesFully_withNoDivergence() {
    TeacherLogits onTest = TeacherLogits.of(teacher, test);
    Transfer self = Transfer.of("teacher copy", teacher, onTest, test);
    assertEquals(1.0, self.agreement(), 1e-12);
    assertEquals(0.0, self.meanKl(), 1e-5);
    assertEquals(self.teacherAccuracy(), self.accuracy(), 1e-12);
    assertEquals(self.teacherCalibration().ece(), self.studentCalibration().ece(), 1e-6);
    Transfer weak = Transfer.of("untrained", student(9), onTest, test);
    assertTrue(weak.meanKl() > 0.1 && weak.agreement() < 1, weak.toString());
    assertEquals(3, Transfer.compare(List.of(self, weak)).rowCount());
    Transfer.reliabilityDiagram(List.of(weak));
    Transfer.confidenceHistogram(List.of(weak));
  }

  @Test
  void calibration_ofKnownProbabilities() {
    // four examples: confident and right, confident and wrong, unsure and right (x2)
    var p =
        Nd4j.createFromArray(
            new float[][] {{0.95f, 0.05f}, {0.95f, 0.05f}, {0.55f, 0.45f}, {0.45f, 0.55f}});
    Calibration c = Calibration.of("m", p, new int[] {0, 1, 0, 1}, 10);
    // bin 9: confidence 0.95, accuracy 0.5; bin 5: confidence 0.55, accuracy 1
    double expected = 0.5 * Math.abs(0.5 - 0.95) + 0.5 * Math.abs(1 - 0.55);
    assertEquals(expected, c.ece(), 1e-6);
    assertEquals(2, c.table().rowCount());
    assertThrows(
        IllegalArgumentException.class, () -> Calibration.of("m", p, new int[] {0, 1}, 10));
  }

  @Test
  void theGrid_trainsEachCell_reusesAlphaOne_andIsCached(@TempDir Path cache) {
    String old = System.getProperty("lab.cacheDir");
    System.setProperty("lab.cacheDir", cache.toString());
    try {
      AtomicInteger made = new AtomicInteger();
      Distiller d = Distiller.of(teacher, new Kd(0.5, 2), training());
      double[] alphas = {0, 0.5, 1};
      double[] temps = {1, 4};
      KdGrid g =
          KdGrid.cached(
              "test",
              () ->
                  KdGrid.run(
                      "blobs",
                      d,
                      seed -> {
                        made.incrementAndGet();
                        return student(seed);
                      },
                      pool,
                      test,
                      alphas,
                      temps));
      assertEquals(5, made.get(), "α = 1 is trained once for all T");
      assertEquals(g.accuracy()[2][0], g.accuracy()[2][1]);
      assertEquals(g.hardLabels(), g.accuracyAt(1, 4));
      KdGrid again = KdGrid.cached("test", () -> fail());
      assertArrayEquals(g.accuracy()[0], again.accuracy()[0]);
      assertEquals(6, g.table().rowCount());
      g.gainHeatmap();
      g.agreementHeatmap();
      assertEquals(2, g.meanAccuracyByTemperature().length);
      var claims = g.claims();
      assertEquals(2, claims.rowCount());
      assertTrue(
          List.of("yes", "no").contains(claims.stringColumn("held here").get(0)), claims.print());
      assertEquals("not tested", claims.stringColumn("held here").get(1), "no α = 0.1 in the grid");
    } finally {
      if (old == null) {
        System.clearProperty("lab.cacheDir");
      } else {
        System.setProperty("lab.cacheDir", old);
      }
    }
  }

  private static KdGrid fail() {
    throw new AssertionError("the cached grid was recomputed");
  }
}
