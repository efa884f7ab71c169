package io.github.compressionlab.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.measure.Comparison;
import io.github.compressionlab.measure.LatencyResult;
import io.github.compressionlab.viz.Tables;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class SearchReportTest {
  static final Comparison.Row HAND =
      new Comparison.Row(
          "hand",
          0.9012,
          108_618,
          108_618,
          435_200,
          new LatencyResult(1, 0.25, 0.3, 20),
          new LatencyResult(64, 2.5, 3, 20));
  static final Comparison.Row FOUND =
      new Comparison.Row(
          "found",
          0.8987,
          26_374,
          26_374,
          107_520,
          new LatencyResult(1, 0.125, 0.2, 20),
          new LatencyResult(64, 1.5, 2, 20));

  static SearchResult search() {
    SearchSpace space = NasFixtures.smallSpace();
    List<Trial> trials =
        List.of(
            NasFixtures.trial(0, NasFixtures.conv(4), 0.7),
            NasFixtures.trial(1, NasFixtures.conv(8), 0.8),
            NasFixtures.trial(2, NasFixtures.conv(16), 0.75));
    return new SearchResult(space, "toy", trials, 10);
  }

  @Test
  void table_putsTheSeedsClaimsBesideTheMeasuredFacts() {
    SearchResult search = search();
    Table t = new SearchReport(HAND, FOUND, search, 123.456).table();
    assertEquals(List.of("", "Old way", "With NAS"), t.columnNames());
    assertEquals("Old way vs With NAS", t.name());
    assertRow(t, "who designs", "a person", "the search loop, toy");
    // 3 trials; the toy space has no limits, so every architecture is allowed.
    assertRow(
        t,
        "designs tried",
        "1",
        "3 of " + Tables.number(search.space().feasibleSize()) + " allowed");
    assertRow(t, "time to design (the seed)", "takes months", "takes days");
    assertRow(t, "time to design (measured here)", "not measured", "123.46 s of search");
    assertRow(t, "test accuracy %", "90.12", "89.87");
    assertRow(t, "parameters", "108,618", "26,374");
    // 435,200 / 1024 = 425 KB; 107,520 / 1024 = 105 KB.
    assertRow(t, "file KB", "425", "105");
    assertRow(t, "batch-1 ms", "0.25", "0.125");
    assertEquals(8, t.rowCount());
  }

  @Test
  void designsTried_isTheNumberOfTrials() {
    assertEquals(3, new SearchReport(HAND, FOUND, search(), 0).designsTried());
  }

  @Test
  void badInput_saysWhatIsWrong() {
    SearchResult s = search();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new SearchReport(HAND, FOUND, s, Double.NaN));
    assertTrue(e.getMessage().contains("seconds"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SearchReport(HAND, FOUND, s, -1));
    assertThrows(IllegalArgumentException.class, () -> new SearchReport(null, FOUND, s, 1));
    SearchResult empty = new SearchResult(s.space(), "toy", List.of(), 0);
    e = assertThrows(IllegalArgumentException.class, () -> new SearchReport(HAND, FOUND, empty, 1));
    assertTrue(e.getMessage().contains("budget"), e.getMessage());
  }

  private static void assertRow(Table t, String fact, String old, String nas) {
    for (int r = 0; r < t.rowCount(); r++) {
      if (t.stringColumn(0).get(r).equals(fact)) {
        assertEquals(old, t.stringColumn(1).get(r), fact);
        assertEquals(nas, t.stringColumn(2).get(r), fact);
        return;
      }
    }
    throw new AssertionError("no row " + fact + " in\n" + t.printAll());
  }
}
