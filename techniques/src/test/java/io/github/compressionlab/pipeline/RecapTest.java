package io.github.compressionlab.pipeline;

import static io.github.compressionlab.pipeline.ReportRows.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class RecapTest {
  @Test
  void of_givesEachStepAgainstTheStepBefore() {
    // teacher 4,000 B / 0.4 ms / 90% → student 1,000 B / 0.2 ms / 89% → int8 250 B / 0.1 ms / 89.2%
    Table t = Recap.of(result(250, 0.1, 0.892)).table();
    assertEquals(2, t.rowCount());
    assertEquals("teacher → student", t.stringColumn("from → to").get(0));
    assertEquals(4.0, t.doubleColumn("x smaller").get(0), 1e-9); // 4,000 / 1,000
    assertEquals(2.0, t.doubleColumn("x faster (batch 1)").get(0), 1e-9); // 0.4 / 0.2
    assertEquals(-1.0, t.doubleColumn("accuracy change (points)").get(0), 1e-9);
    assertEquals(4.0, t.doubleColumn("x smaller").get(1), 1e-9); // 1,000 / 250
    assertEquals(0.2, t.doubleColumn("accuracy change (points)").get(1), 1e-9); // 89 → 89.2
    assertEquals(
        List.of(
            "technique",
            "from → to",
            "file KB",
            "x smaller",
            "batch-1 ms",
            "x faster (batch 1)",
            "accuracy change (points)"),
        t.columnNames());
  }

  @Test
  void add_putsInModelsMeasuredElsewhere() {
    Recap r =
        Recap.empty()
            .add(
                "distillation itself",
                new Recap.Model("hard labels", 1000, 0.2, 0.88),
                new Recap.Model("distilled", 1000, 0.2, 0.885));
    assertEquals(1, r.size());
    Table t = r.table();
    assertEquals(1.0, t.doubleColumn("x smaller").get(0), 1e-9);
    assertEquals(0.5, t.doubleColumn("accuracy change (points)").get(0), 1e-9);
  }

  @Test
  void badModels_sayWhatIsWrong() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Recap.Model("m", 10, 0.1, 91));
    assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Recap.Model("m", 0, 0.1, 0.9));
    assertThrows(IllegalArgumentException.class, () -> new Recap.Model("m", 10, 0, 0.9));
    assertThrows(IllegalArgumentException.class, () -> new Recap.Model(" ", 10, 0.1, 0.9));
    Recap.Model m = new Recap.Model("m", 10, 0.1, 0.9);
    assertThrows(IllegalArgumentException.class, () -> Recap.empty().add("", m, m));
  }
}
