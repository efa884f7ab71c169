package io.github.compressionlab.viz;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Charts drawn side by side as one picture, so that a notebook shows them in one row instead of one
 * under the other: {@code ChartRow.of(view.charts())}. The kernel shows the picture as a PNG;
 * charts of different heights are aligned at the top on a white background.
 */
public final class ChartRow {

  /** Pixels of white between two charts. */
  public static final int GAP = 8;

  private ChartRow() {}

  /**
   * The charts, left to right in the list's order, each at its own width and height.
   *
   * @throws IllegalArgumentException if the list is empty or holds a null
   */
  public static BufferedImage of(List<? extends Chart<?, ?>> charts) {
    if (charts == null || charts.isEmpty()) {
      throw new IllegalArgumentException(
          "a row needs at least one chart, e.g. ChartRow.of(List.of(chartA, chartB))");
    }
    int width = GAP * (charts.size() - 1);
    int height = 0;
    for (int i = 0; i < charts.size(); i++) {
      Chart<?, ?> c = charts.get(i);
      if (c == null) {
        throw new IllegalArgumentException(
            "chart " + (i + 1) + " of " + charts.size() + " is null; pass only charts");
      }
      width += c.getWidth();
      height = Math.max(height, c.getHeight());
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      int x = 0;
      for (Chart<?, ?> c : charts) {
        g.drawImage(BitmapEncoder.getBufferedImage(c), x, 0, null);
        x += c.getWidth() + GAP;
      }
    } finally {
      g.dispose();
    }
    return out;
  }
}
