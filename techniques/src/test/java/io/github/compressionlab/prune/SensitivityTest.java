package io.github.compressionlab.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.Sequential;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class SensitivityTest {

  @Test
  void sensitivity_hasOnePointPerLayerAndSparsity_andLeavesModelUnchanged() {
    Sequential m = PruneFixtures.mlp(2);
    Dataset data = PruneFixtures.bands(30, new long[] {1, 4, 4}, 1);
    INDArray before = m.parameter("fc1.weight").value().dup();
    double base = io.github.compressionlab.nn.Evaluation.of(m, data).accuracy();
    Sensitivity s = Sensitivity.of(m, data, List.of(0.0, 0.5, 0.9));
    assertEquals(9, s.points().size()); // 3 layers × 3 sparsities
    assertEquals(9, s.table().rowCount());
    // sparsity 0 changes nothing, so its accuracy is the model's
    assertEquals(base, s.points().get(0).accuracy());
    assertEquals(before, m.parameter("fc1.weight").value());
    assertEquals(3, s.chart().getSeriesMap().size());
  }

  @Test
  void sensitivity_badSparsity_throwsBeforeTouchingTheModel() {
    Sequential m = PruneFixtures.mlp(2);
    Dataset data = PruneFixtures.bands(10, new long[] {1, 4, 4}, 1);
    assertThrows(IllegalArgumentException.class, () -> Sensitivity.of(m, data, List.of(0.5, 1.0)));
  }
}
