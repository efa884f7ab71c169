package io.github.compressionlab.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.Profile;
import io.github.compressionlab.distill.Kd;
import io.github.compressionlab.testing.SmallCnn;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoursePipelineTest {
  private static final Kd KD = new Kd(0.5, 2);

  private static List<String> names(List<Step> steps) {
    return steps.stream().map(Step::name).toList();
  }

  @Test
  void full_isTheDefault_andQuickRunsOneEpochPerStep() {
    assertSame(CoursePipeline.FULL, CoursePipeline.of(Profile.FULL));
    CoursePipeline q = CoursePipeline.of(Profile.QUICK);
    assertEquals(1, q.distillEpochs());
    assertEquals(1, q.unitEpochs());
    assertEquals(1, q.pruneEpochs());
    assertEquals(0, q.qatEpochs(), "no QAT stays no QAT");
    // what is removed and the bit width are the same in both profiles
    assertEquals(CoursePipeline.FULL.unitFraction(), q.unitFraction());
    assertEquals(CoursePipeline.FULL.sparsity(), q.sparsity());
    assertEquals(CoursePipeline.FULL.bits(), q.bits());
    assertEquals(0, new CoursePipeline(3, KD, 0.25, 0, 0.5, 2, 8, 0).quick().unitEpochs());
  }

  @Test
  void steps_areDistilFiltersWeightsQuantize_andZeroSkipsAStep() {
    CoursePipeline c = new CoursePipeline(3, KD, 0.25, 1, 0.5, 2, 8, 0);
    assertEquals(
        List.of(
            "distil (α=0.5, T=2)",
            "remove 25% of units",
            "prune 50% of weights",
            "int8 PTQ",
            "same file, float math"),
        names(c.steps(seed -> SmallCnn.side(12).build(seed))));
    assertEquals(
        List.of("distil (α=0.5, T=2)", "int4 QAT", "same file, float math"),
        names(c.withUnits(0, 0).withSparsity(0, 1).withQuantization(4, 1).steps(Recipes::student)));
    // the steps build into a pipeline that can run
    Pipeline.Builder b = Pipeline.builder();
    assertSame(b, c.addTo(b, Recipes::student));
  }

  @Test
  void hardLabelsOnly_isTheSameTrainingWithoutTheTeacher() {
    Step hard = CoursePipeline.FULL.hardLabelsOnly(Recipes::student);
    assertEquals("same student, hard labels only", hard.name());
    assertEquals("training", hard.technique());
  }

  @Test
  void toString_readsAsTheSettings() {
    assertEquals(
        "distil 3 epochs (α 0.5, T 2); remove 25% of filters (1 epochs); prune 50% of weights (2"
            + " epochs); int8 PTQ, run with float math",
        new CoursePipeline(3, KD, 0.25, 1, 0.5, 2, 8, 0).toString());
  }

  @Test
  void badSettings_sayWhatIsWrong() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CoursePipeline.FULL.withSparsity(50, 4));
    assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CoursePipeline.FULL.withDistillEpochs(0));
    assertThrows(IllegalArgumentException.class, () -> CoursePipeline.FULL.withUnits(1, 1));
    assertThrows(IllegalArgumentException.class, () -> CoursePipeline.FULL.withSparsity(0.5, 0));
    e =
        assertThrows(
            IllegalArgumentException.class, () -> CoursePipeline.FULL.withQuantization(16, 0));
    assertTrue(e.getMessage().contains("between 2 and 8"), e.getMessage());
    assertThrows(NullPointerException.class, () -> CoursePipeline.FULL.withKd(null));
  }
}
