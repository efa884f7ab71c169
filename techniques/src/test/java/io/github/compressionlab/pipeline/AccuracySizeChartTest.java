package io.github.compressionlab.pipeline;

import static io.github.compressionlab.pipeline.ReportRows.result;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

class AccuracySizeChartTest {
  @Test
  void chart_hasOneSeriesPerModel_inKilobytesAndPercent() {
    XYChart c =
        AccuracySizeChart.of(result(512, 0.1, 0.89)).add("Deep Compression", 256, 0.885).chart();
    assertEquals(
        List.of("teacher", "student", "int8", "Deep Compression"),
        List.copyOf(c.getSeriesMap().keySet()));
    XYSeries teacher = c.getSeriesMap().get("teacher");
    assertArrayEquals(new double[] {4000 / 1024.0}, teacher.getXData(), 1e-9);
    assertArrayEquals(new double[] {90.0}, teacher.getYData(), 1e-9);
    assertArrayEquals(new double[] {0.25}, c.getSeriesMap().get("Deep Compression").getXData());
    assertTrue(c.getStyler().isXAxisLogarithmic());
    assertEquals(Styler.LegendPosition.OutsideS, c.getStyler().getLegendPosition());
  }

  @Test
  void aRepeatedLabel_getsANumber() {
    XYChart c = AccuracySizeChart.empty().add("m", 10, 0.5).add("m", 20, 0.6).chart();
    assertEquals(List.of("m", "m (2)"), List.copyOf(c.getSeriesMap().keySet()));
  }

  @Test
  void aMissingModelFile_leavesTheChartAsItIs(@TempDir Path dir) {
    AccuracySizeChart c =
        AccuracySizeChart.empty()
            .add("m", 10, 0.5)
            .addModelFile("absent", dir.resolve("none.safetensors"), TestData.blobs(8, 2, 4, 1));
    assertEquals(1, c.points().size());
  }

  @Test
  void badPoints_sayWhatIsWrong() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> AccuracySizeChart.empty().add("m", 10, 91));
    assertTrue(e.getMessage().contains("0.91 for 91%"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> AccuracySizeChart.empty().add("m", 0, 0.9));
    assertThrows(IllegalStateException.class, () -> AccuracySizeChart.empty().chart());
  }
}
