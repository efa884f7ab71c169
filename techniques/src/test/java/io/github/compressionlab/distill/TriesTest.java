package io.github.compressionlab.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

class TriesTest {

  private static Tries twoTries() {
    // baseline 0.80, teacher 0.90; tries at 0.82 and 0.79
    return new Tries(0.80, 0.90)
        .add(new Sweep.Point(0.1, 4, 0.82, 1.25))
        .add(new Sweep.Point(0.5, 2, 0.79, 1.0));
  }

  @Test
  void table_hasOneRowPerTry_inOrder_withTheGainOverHardLabels() {
    Table t = twoTries().table();
    assertEquals(2, t.rowCount());
    assertEquals(
        List.of("try", "alpha", "T", "test accuracy", "gain vs hard labels (pp)", "seconds"),
        t.columnNames());
    assertEquals(List.of(1, 2), t.intColumn("try").asList());
    // gains: 100 · (0.82 − 0.80) = +2.00 pp, 100 · (0.79 − 0.80) = −1.00 pp
    assertEquals(2.0, t.doubleColumn("gain vs hard labels (pp)").get(0), 1e-9);
    assertEquals(-1.0, t.doubleColumn("gain vs hard labels (pp)").get(1), 1e-9);
    assertEquals(0.5, t.doubleColumn("alpha").get(1), 1e-12);
    assertTrue(t.name().contains("0.8000") && t.name().contains("0.9000"), t.name());
  }

  @Test
  void best_isTheMostAccurateTry() {
    assertEquals(0.82, twoTries().best().accuracy(), 1e-12);
    assertThrows(IllegalStateException.class, () -> new Tries(0.8, 0.9).best());
  }

  @Test
  void chart_showsTheTries_andTheBaselineAndTeacherAsLines() {
    XYChart c = twoTries().chart();
    assertEquals(
        List.of("distilled student", "hard labels only", "teacher"),
        List.copyOf(c.getSeriesMap().keySet()));
    double[] ys = c.getSeriesMap().get("distilled student").getYData();
    assertEquals(82.0, ys[0], 1e-9);
    assertEquals(79.0, ys[1], 1e-9);
    assertEquals(90.0, c.getSeriesMap().get("teacher").getYData()[0], 1e-9);
    // with no tries yet, only the two reference lines
    assertEquals(2, new Tries(0.8, 0.9).chart().getSeriesMap().size());
  }

  @Test
  void percentages_areRefusedWithAHint() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Tries(80, 0.9));
    assertTrue(e.getMessage().contains("not a percentage"), e.getMessage());
    Tries tries = new Tries(0.8, 0.9);
    assertThrows(IllegalArgumentException.class, () -> tries.add(new Sweep.Point(0.1, 4, 82, 1)));
    assertEquals(0, tries.size());
  }
}
