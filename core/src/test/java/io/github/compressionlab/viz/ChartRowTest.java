package io.github.compressionlab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

class ChartRowTest {

  private static CategoryChart chart(int width, int height) {
    CategoryChart c = new CategoryChartBuilder().width(width).height(height).title("c").build();
    c.addSeries("s", List.of("a", "b"), List.of(1.0, 2.0));
    return c;
  }

  @Test
  void of_placesChartsSideBySide_withAGapBetweenThem() {
    BufferedImage row = ChartRow.of(List.of(chart(200, 150), chart(300, 180), chart(100, 120)));
    // 200 + 300 + 100 pixels of charts and two gaps of 8
    assertEquals(200 + 300 + 100 + 2 * ChartRow.GAP, row.getWidth());
    assertEquals(180, row.getHeight(), "as tall as the tallest chart");
  }

  @Test
  void of_drawsEachChart_andLeavesTheGapsAndTheSpaceBelowShortChartsWhite() {
    BufferedImage row = ChartRow.of(List.of(chart(200, 150), chart(300, 180)));
    int white = 0xFFFFFF;
    // the gap after the first chart and the strip under it (150..179) are background
    for (int y = 0; y < row.getHeight(); y++) {
      for (int x = 200; x < 200 + ChartRow.GAP; x++) {
        assertEquals(white, row.getRGB(x, y) & 0xFFFFFF, "gap pixel " + x + "," + y);
      }
    }
    assertEquals(white, row.getRGB(100, 170) & 0xFFFFFF);
    // the charts themselves were drawn: each has pixels that are not white (bars, axes, text)
    assertTrue(hasInk(row, 0, 200), "the first chart is drawn");
    assertTrue(hasInk(row, 208, 508), "the second chart is drawn");
  }

  @Test
  void of_oneChart_isThatChartsPicture() {
    CategoryChart c = Charts.bars("one", "x", "y", List.of("a"), Map.of("s", new double[] {1}));
    BufferedImage row = ChartRow.of(List.of(c));
    assertEquals(c.getWidth(), row.getWidth());
    assertEquals(c.getHeight(), row.getHeight());
  }

  @Test
  void of_nothingOrANull_isRejectedWithAnExample() {
    var empty = assertThrows(IllegalArgumentException.class, () -> ChartRow.of(List.of()));
    assertTrue(empty.getMessage().contains("at least one chart"), empty.getMessage());
    var withNull =
        assertThrows(
            IllegalArgumentException.class,
            () -> ChartRow.of(Arrays.asList(chart(100, 100), null)));
    assertTrue(withNull.getMessage().contains("chart 2 of 2 is null"), withNull.getMessage());
  }

  private static boolean hasInk(BufferedImage image, int fromX, int toX) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = fromX; x < toX; x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
          return true;
        }
      }
    }
    return false;
  }
}
