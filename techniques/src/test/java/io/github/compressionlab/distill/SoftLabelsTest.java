package io.github.compressionlab.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SoftLabelsTest {

  @Test
  void softmax_of123_atT1() {
    // e^1 = 2.71828, e^2 = 7.38906, e^3 = 20.08554; sum 30.19288
    // → 2.71828/30.19288 = 0.09003, 7.38906/30.19288 = 0.24473, 20.08554/30.19288 = 0.66524
    assertArrayEquals(
        new double[] {0.09003, 0.24473, 0.66524},
        SoftLabels.softmax(new double[] {1, 2, 3}, 1),
        1e-5);
  }

  @Test
  void softmax_of123_atT2_isFlatter() {
    // z/T = [0.5, 1, 1.5]: e^0.5 = 1.64872, e^1 = 2.71828, e^1.5 = 4.48169; sum 8.84869
    // → 0.18632, 0.30720, 0.50648 (the top class drops from 0.665 to 0.506)
    assertArrayEquals(
        new double[] {0.18632, 0.30720, 0.50648},
        SoftLabels.softmax(new double[] {1, 2, 3}, 2),
        1e-5);
  }

  @Test
  void softmax_ofMatrix_matchesRowByRow() {
    INDArray z = Nd4j.create(new float[][] {{1, 2, 3}, {0, 0, 0}});
    INDArray p = SoftLabels.softmax(z, 2);
    assertArrayEquals(
        new float[] {0.18632f, 0.30720f, 0.50648f}, p.getRow(0).toFloatVector(), 1e-5f);
    // equal logits → uniform 1/3 at any temperature
    assertArrayEquals(new float[] {1 / 3f, 1 / 3f, 1 / 3f}, p.getRow(1).toFloatVector(), 1e-6f);
  }

  @Test
  void softmax_tinyTemperatureAndHugeLogits_stayFinite() {
    // z/T = [10000, 20000]: naive e^20000 overflows; minus the max it is [e^-10000, 1] = [0, 1]
    double[] p = SoftLabels.softmax(new double[] {1000, 2000}, 0.1);
    assertArrayEquals(new double[] {0, 1}, p, 1e-12);
  }

  @Test
  void entropy_oneHotIsZero_uniformIsLogK() {
    assertEquals(0, SoftLabels.entropy(new double[] {0, 1, 0, 0}), 1e-12);
    // H(uniform over 4) = −4 · ¼ ln ¼ = ln 4 = 1.386294
    assertEquals(1.386294, SoftLabels.entropy(new double[] {.25, .25, .25, .25}), 1e-6);
  }

  @Test
  void entropy_growsWithTemperature() {
    double cold = SoftLabels.entropy(SoftLabels.softmax(new double[] {1, 2, 3}, 0.5));
    double warm = SoftLabels.entropy(SoftLabels.softmax(new double[] {1, 2, 3}, 4));
    assertTrue(cold < warm, cold + " < " + warm);
  }

  @Test
  void klDivergence_ofKnownDistributions() {
    // KL([½,½] ‖ [¼,¾]) = ½ ln(½/¼) + ½ ln(½/¾) = ½ · 0.693147 + ½ · (−0.405465) = 0.143841
    assertEquals(
        0.143841, SoftLabels.klDivergence(new double[] {.5, .5}, new double[] {.25, .75}), 1e-6);
    // and not symmetric: KL([¼,¾] ‖ [½,½]) = ¼ ln ½ + ¾ ln 1.5 = −0.173287 + 0.304099 = 0.130812
    assertEquals(
        0.130812, SoftLabels.klDivergence(new double[] {.25, .75}, new double[] {.5, .5}), 1e-6);
    assertEquals(0, SoftLabels.klDivergence(new double[] {.3, .7}, new double[] {.3, .7}), 1e-12);
  }

  @Test
  void atTemperatures_tableHasOneColumnPerTemperature() {
    var view =
        SoftLabels.atTemperatures(new double[] {1, 2, 3}, List.of("cat", "dog", "bird"), 1, 2);
    var table = view.table();
    assertEquals(List.of("class", "T=1", "T=2"), table.columnNames());
    assertEquals(0.5065, table.doubleColumn("T=2").get(2), 1e-4);
    assertEquals(3, view.charts().size() + 1);
    view.chart(); // renders without error
  }

  @Test
  void badTemperature_isRejectedWithTheReason() {
    for (double t : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      var e =
          assertThrows(
              IllegalArgumentException.class, () -> SoftLabels.softmax(new double[] {1, 2}, t));
      assertTrue(e.getMessage().contains("temperature must be"), e.getMessage());
    }
  }

  @Test
  void atTemperatures_wrongNumberOfNames_isRejected() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SoftLabels.atTemperatures(new double[] {1, 2, 3}, List.of("a", "b"), 1));
    assertTrue(e.getMessage().contains("3 logits but 2 class names"), e.getMessage());
  }

  @Test
  void atTemperatures_row_isOnePictureWithTheChartsSideBySide() {
    var view =
        SoftLabels.atTemperatures(
            new double[] {1, 2, 3}, List.of("cat", "dog", "bird"), 0.1, 1, 4, 10);
    java.awt.image.BufferedImage row = view.row();
    // four panels of 300 pixels (1240 / 4 = 310, at most 300) and three gaps
    assertEquals(4 * 300 + 3 * io.github.compressionlab.viz.ChartRow.GAP, row.getWidth());
    assertEquals(320, row.getHeight());
  }

  @Test
  void temperatureForTop_twoClasses_matchesTheClosedForm() {
    // logits {0, ln 3}: top(T) = 1 / (1 + 3^(−1/T)); at T = 1 that is 1 / (1 + 1/3) = 0.75
    double[] z = {0, Math.log(3)};
    assertEquals(1, SoftLabels.temperatureForTop(z, 0.75), 1e-9);
    // top = 0.6 ⇔ 3^(−1/T) = 2/3 ⇔ T = ln 3 / ln 1.5 = 1.098612 / 0.405465 = 2.709511
    assertEquals(2.709511, SoftLabels.temperatureForTop(z, 0.6), 1e-6);
  }

  @Test
  void temperatureForTop_givesTheTemperatureWhereTheTopProbabilityIsThatValue() {
    double[] z = {2.5, -1, 0.3, 4.1, 3.9, -2, 0, 1, 1.5, -0.5};
    for (double top : new double[] {0.11, 0.3, 0.5, 0.9, 0.999}) {
      double t = SoftLabels.temperatureForTop(z, top);
      double[] p = SoftLabels.softmax(z, t);
      assertEquals(top, java.util.Arrays.stream(p).max().getAsDouble(), 1e-9, "top " + top);
    }
  }

  @Test
  void temperatureForTop_unreachableValues_areRejectedWithTheRange() {
    double[] z = {1, 2, 3};
    for (double top : new double[] {1.0 / 3, 0.2, 1, 1.5, Double.NaN}) {
      var e =
          assertThrows(IllegalArgumentException.class, () -> SoftLabels.temperatureForTop(z, top));
      assertTrue(e.getMessage().contains("between 1/3 = 0.3333"), e.getMessage());
    }
    // two tied largest logits: the top probability is at most ½ at any T
    var tie =
        assertThrows(
            IllegalArgumentException.class,
            () -> SoftLabels.temperatureForTop(new double[] {2, 2, 0}, 0.6));
    assertTrue(tie.getMessage().contains("shared by 2 classes"), tie.getMessage());
    assertEquals(
        0.45,
        SoftLabels.softmax(
            new double[] {2, 2, 0}, SoftLabels.temperatureForTop(new double[] {2, 2, 0}, 0.45))[0],
        1e-9);
  }
}
