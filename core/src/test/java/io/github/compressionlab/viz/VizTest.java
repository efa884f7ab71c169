package io.github.compressionlab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class VizTest {

  record Run(String name, double accuracy, int params) {}

  @Test
  void tablesOf_makesOneTypedColumnPerRecordComponent() {
    Table t = Tables.of("runs", List.of(new Run("a", 0.9, 10), new Run("b", 0.8, 5)));
    assertEquals(List.of("name", "accuracy", "params"), t.columnNames());
    assertEquals(0.8, t.doubleColumn("accuracy").get(1));
    assertEquals(10, t.intColumn("params").get(0));
  }

  @Test
  void toHtml_escapesText_andClipsLongTables() {
    Table t = Table.create("<t>", IntColumn.indexColumn("i", 100, 0));
    String html = Tables.toHtml(t);
    assertTrue(html.contains("<caption>&lt;t&gt;</caption>"));
    // rows 0..9 and 90..99 are shown, the middle elided
    assertTrue(html.contains(">9</td>") && html.contains(">90</td>"));
    assertFalse(html.contains(">50</td>"));
    assertTrue(html.contains("100 rows × 1 columns"));
    assertFalse(html.contains("<script"));
  }

  @Test
  void everyTable_writesNumbersOneWay_inHtmlAndText() {
    assertEquals("0.9123", Tables.number(0.912345));
    assertEquals("12.35", Tables.number(12.3456));
    assertEquals("3.32", Tables.number(3.32));
    assertEquals("12.5", Tables.number(12.5));
    assertEquals("-0.1", Tables.number(-0.1));
    assertEquals("1,235", Tables.number(1234.567));
    assertEquals("20,490", Tables.number(20490.0));
    assertEquals("1.23e-05", Tables.number(0.0000123456));
    assertEquals("", Tables.number(Double.NaN));
    Table t =
        Table.create(
            "m",
            tech.tablesaw.api.StringColumn.create("name", "a"),
            tech.tablesaw.api.DoubleColumn.create("acc", 0.912345678));
    assertTrue(Tables.toHtml(t).contains(">0.9123<"), Tables.toHtml(t));
    assertTrue(Tables.toText(t).contains("0.9123") && !Tables.toText(t).contains("0.91234"));
  }

  @Test
  void heatmap_andCurves_checkTheirShapes() {
    Charts.heatmap(
        "h", "x", "y", List.of("a", "b"), List.of("r"), new double[][] {{1, -1}}, "0.0", true);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Charts.heatmap(
                "h", "x", "y", List.of("a"), List.of("r"), new double[][] {{1, 2}}, "0.0", false));
    var c =
        Charts.curves(
            "c", "x", "y", java.util.Map.of("s", new double[][] {{0, Double.NaN, 1}, {0, 1, 1}}));
    assertEquals(2, c.getSeriesMap().get("s").getXData().length);
  }

  @Test
  void bars_rejectSeriesOfTheWrongLength() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Charts.bars("t", "x", "y", List.of("a", "b"), Map.of("s", new double[] {1, 2, 3})));
    assertTrue(e.getMessage().contains("3 values for 2 categories"));
  }

  @Test
  void histogram_countsEveryValue() {
    var chart = Charts.histogram("h", "v", new double[] {1, 2, 2, 3, 3, 3}, 3);
    List<? extends Number> counts = chart.getSeriesMap().get("count").getYData().stream().toList();
    // bins [1,1.67) [1.67,2.33) [2.33,3]: 1, 2 and 3 values
    assertEquals(6.0, counts.stream().mapToDouble(Number::doubleValue).sum());
  }

  @Test
  void imageGrid_hasOneCellPerImage() {
    BufferedImage img =
        Images.grid(
            Nd4j.zeros(DataType.FLOAT, 6, 1, 28, 28),
            new int[] {0, 1, 2, 0, 1, 2},
            List.of("a", "b", "c"),
            6,
            3,
            2);
    // 3 columns of max(28*2, 60) = 60 px with 6 px gaps: 3*66+6 = 204 wide;
    // 2 rows of 56+16 = 72 px: 2*78+6 = 162 high
    assertEquals(204, img.getWidth());
    assertEquals(162, img.getHeight());
  }
}
