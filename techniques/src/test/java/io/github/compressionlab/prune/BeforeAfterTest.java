package io.github.compressionlab.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.measure.Comparison;
import io.github.compressionlab.measure.ModelStats;
import io.github.compressionlab.nn.Sequential;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class BeforeAfterTest {
  static final Comparison.LatencySettings FAST = new Comparison.LatencySettings(4, 0, 2);

  @Test
  void of_putsConnectionsTimeAndAccuracyAgainstTheFirstRow() {
    Sequential dense = PruneFixtures.mlp(7);
    Sequential pruned = dense.copy();
    MagnitudePruner.global().mask(pruned, 0.75).applyTo(pruned);
    Dataset test = PruneFixtures.bands(20, new long[] {1, 4, 4}, 3);
    Comparison c = new Comparison(FAST).add("original", dense, test).add("−75%", pruned, test);
    Table t = BeforeAfter.of(c);
    assertEquals(
        List.of(
            "model",
            "connections",
            "fewer ×",
            "time to think (µs, batch 1)",
            "faster × (batch 1)",
            "accuracy %",
            "Δ accuracy (points)"),
        t.columnNames());
    assertEquals(ModelStats.nonZero(pruned), t.longColumn("connections").get(1));
    Comparison.Against a = c.against(1);
    assertEquals(Math.round(a.fewerConnections() * 100) / 100.0, t.doubleColumn("fewer ×").get(1));
    assertEquals(
        Math.round(a.fasterAtBatch1() * 100) / 100.0, t.doubleColumn("faster × (batch 1)").get(1));
    assertEquals(1.0, t.doubleColumn("fewer ×").get(0));
    assertEquals(0.0, t.doubleColumn("Δ accuracy (points)").get(0));
  }

  @Test
  void of_rejectsAnEmptyComparison() {
    assertThrows(IllegalArgumentException.class, () -> BeforeAfter.of(new Comparison(FAST)));
  }
}
