package io.github.compressionlab.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PixelCoverageTest {

  /**
   * A 4x4 image, 2 neurons: weight [16, 2]. The 12 frame pixels (thickness 1) keep 1 connection
   * each, the 4 centre pixels both: kept 12 + 8 = 20 of 32.
   */
  static INDArray frameHalfKept() {
    float[][] w = new float[16][2];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        boolean centre = y >= 1 && y <= 2 && x >= 1 && x <= 2;
        w[y * 4 + x][0] = 0.5f;
        w[y * 4 + x][1] = centre ? -0.25f : 0f;
      }
    }
    return PruneFixtures.matrix(w);
  }

  @Test
  void kept_countsNeuronsPerPixel_rowByRow() {
    // SparsityMapTest's 2x2 fixture: pixel 0 feeds both neurons, 1 and 2 one each, 3 none
    INDArray w = PruneFixtures.matrix(new float[][] {{1, 1}, {1, 0}, {0, 1}, {0, 0}});
    PixelCoverage c = PixelCoverage.of(w, 2, 2);
    assertEquals(2, c.kept(0, 0));
    assertEquals(1, c.kept(0, 1));
    assertEquals(1, c.kept(1, 0));
    assertEquals(0, c.kept(1, 1));
    assertEquals(2, c.neurons());
    assertEquals(0.5, c.keptFraction()); // 4 of 8 connections
  }

  @Test
  void borderAndCentre_splitTheImage() {
    PixelCoverage c = PixelCoverage.of(frameHalfKept(), 4, 4);
    assertEquals(0.5, c.border(1)); // 12 pixels × 1 kept of 12 × 2
    assertEquals(1.0, c.centre(1)); // 4 pixels × 2 kept of 4 × 2
    assertEquals(20.0 / 32, c.keptFraction());
  }

  @Test
  void border_rejectsAFrameWithNoCentreLeft() {
    PixelCoverage c = PixelCoverage.of(frameHalfKept(), 4, 4);
    var e = assertThrows(IllegalArgumentException.class, () -> c.border(2));
    assertTrue(e.getMessage().contains("use 1 to 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> c.centre(0));
  }

  @Test
  void of_rejectsAWeightThatDoesNotMatchTheImage() {
    INDArray w = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 9, 3);
    var e = assertThrows(IllegalArgumentException.class, () -> PixelCoverage.of(w, 4, 4));
    assertTrue(e.getMessage().contains("[16, neurons]") && e.getMessage().contains("[9, 3]"));
    assertThrows(IllegalArgumentException.class, () -> PixelCoverage.of(w, 0, 9));
    assertThrows(IllegalArgumentException.class, () -> PixelCoverage.of(null, 3, 3));
    assertThrows(IllegalArgumentException.class, () -> PixelCoverage.of(w, 3, 3).kept(3, 0));
  }

  @Test
  void heatmap_isOneCellPerPixel_scaledFromZeroToTheBestCoveredPixel() {
    HeatMapChart chart = PixelCoverage.of(frameHalfKept(), 4, 4).heatmap("coverage");
    var series = chart.getSeriesMap().get("coverage");
    assertEquals(16, series.getHeatData().size());
    // row 0 is the picture's top row, drawn highest: the chart's y index 3 of 0..3
    Number[] topLeft = null;
    for (Number[] p : series.getHeatData()) {
      if (p[0].intValue() == 0 && p[1].intValue() == 3) {
        topLeft = p;
      }
    }
    assertEquals(50.0, topLeft[2].doubleValue()); // 1 of 2 neurons
    assertEquals(0.0, chart.getStyler().getMin());
    assertEquals(100.0, chart.getStyler().getMax()); // the centre pixels keep both neurons
    float[][] one = new float[4][3];
    one[0][0] = 1; // pixel 0 keeps 1 of 3 neurons: 33.3%
    HeatMapChart sparse = PixelCoverage.of(PruneFixtures.matrix(one), 2, 2).heatmap("one");
    assertEquals(34.0, sparse.getStyler().getMax()); // 33.3 rounded up to a whole percentage
    assertFalse(chart.getStyler().isShowValue());
    assertTrue(chart.getStyler().isLegendVisible());
  }
}
