package io.github.compressionlab.pipeline;

import static io.github.compressionlab.pipeline.ReportRows.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class SeedSpreadTest {
  // Teacher 4,000 bytes, 0.4 ms, 90%. Ends: 200 B / 0.1 ms / 89% (20x, 4x, −1 point),
  // 400 B / 0.2 ms / 88.5% (10x, 2x, −1.5), 100 B / 0.05 ms / 89.5% (40x, 8x, −0.5).
  private final SeedSpread spread =
      new SeedSpread(
          List.of(1L, 2L, 3L),
          List.of(result(200, 0.1, 0.89), result(400, 0.2, 0.885), result(100, 0.05, 0.895)));

  @Test
  void stats_areMeanMinAndMaxOverTheSeeds() {
    // accuracy change: (−1 − 1.5 − 0.5) / 3 = −1
    assertEquals(-1.0, spread.accuracyChangePoints().mean(), 1e-9);
    assertEquals(-1.5, spread.accuracyChangePoints().min(), 1e-9);
    assertEquals(-0.5, spread.accuracyChangePoints().max(), 1e-9);
    // size ratio: (20 + 10 + 40) / 3
    assertEquals(70.0 / 3, spread.sizeRatio().mean(), 1e-9);
    assertEquals(10, spread.sizeRatio().min(), 1e-9);
    assertEquals(8, spread.speedup().max(), 1e-9);
    assertEquals(89.5, spread.finalAccuracyPercent().max(), 1e-9);
  }

  @Test
  void table_hasOneRowPerFigureAndOneColumnPerSeed() {
    Table t = spread.table();
    assertEquals(
        List.of("figure", "mean", "min", "max", "seed 1", "seed 2", "seed 3"), t.columnNames());
    assertEquals(4, t.rowCount());
    assertEquals("x faster (batch 1)", t.stringColumn("figure").get(3));
    assertEquals(2.0, t.doubleColumn("seed 2").get(3), 1e-9);
    assertEquals(-1.0, t.doubleColumn("mean").get(0), 1e-9);
    // 70 / 3 = 23.333...: the table rounds to two decimals, the stats keep every digit
    assertEquals(23.33, t.doubleColumn("mean").get(2), 1e-12);
  }

  @Test
  void byTechnique_findsTheRow_orNamesTheTechniquesThereAre() {
    Pipeline.Result r = result(200, 0.1, 0.89);
    assertEquals("student", r.byTechnique("technique 1").step());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> r.byTechnique("quantization"));
    assertTrue(e.getMessage().contains("[none, technique 1, technique 2]"), e.getMessage());
  }

  @Test
  void mismatchedOrRepeatedSeeds_areRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SeedSpread(List.of(1L, 2L), List.of(result(200, 0.1, 0.89))));
    assertTrue(e.getMessage().contains("one result per seed"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SeedSpread(List.of(), List.of()));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new SeedSpread(
                    List.of(1L, 1L), List.of(result(200, 0.1, 0.89), result(200, 0.1, 0.89))));
    assertTrue(e.getMessage().contains("must differ"), e.getMessage());
  }
}
