package io.github.compressionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;

class EvaluationTest {

  @Test
  void handMadeLogits_giveAccuracyPerClassAndConfusion() {
    // predictions (arg-max): 0, 1, 1, 1 ; labels: 0, 0, 1, 1
    var logits = Nd4j.create(new float[][] {{2, 0}, {0, 1}, {0, 3}, {1, 2}});
    Evaluation e = Evaluation.of(logits, new int[] {0, 0, 1, 1}, List.of("cat", "dog"), 2);
    assertEquals(0.75, e.accuracy(), 1e-12); // 3 of 4 right
    assertArrayEquals(new double[] {0.5, 1.0}, e.perClassAccuracy(), 1e-12); // cat 1/2, dog 2/2
    assertArrayEquals(new int[][] {{1, 1}, {0, 2}}, e.confusion());
    Table t = e.confusionMatrix();
    assertEquals(List.of("true \\ predicted", "cat", "dog"), t.columnNames());
    assertEquals(1, t.intColumn("dog").get(0)); // one cat predicted as dog
  }
}
