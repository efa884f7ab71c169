package io.github.compressionlab.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.compressionlab.measure.Comparison;
import io.github.compressionlab.quant.integer.QuantizedModel;
import io.github.compressionlab.quant.scheme.Calibrator;
import io.github.compressionlab.quant.scheme.QuantScheme;
import io.github.compressionlab.testing.SmallCnn;
import io.github.compressionlab.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuantComparisonTest {
  @Test
  void agreement_countsEqualPredictions() {
    // 3 of 4 equal → 0.75
    assertEquals(0.75, QuantComparison.agreement(new int[] {1, 2, 3, 4}, new int[] {1, 2, 0, 4}));
  }

  @Test
  void table_hasTheFloatRowFirstWithFullAgreement() {
    var m = SmallCnn.side(8).hidden(16).build(7);
    var d = TestData.blobs(64, 3, 8, 11);
    QuantizedModel q =
        QuantizedModel.quantize(m, QuantScheme.weights(8), Calibrator.minMax().calibrate(m, d));
    var c = new QuantComparison(m, d, new Comparison.LatencySettings(4, 0, 1)).add("int8", q);
    var t = c.table();
    assertEquals(2, t.rowCount());
    assertEquals("float32", t.stringColumn("model").get(0));
    assertEquals(100.0, t.doubleColumn("agreement %").get(0));
    assertEquals(q.fileBytes(), c.rows().get(1).fileBytes());
  }

  @Test
  void table_namesTheBatchEachSpeedUpMeasures() {
    var m = SmallCnn.side(8).hidden(16).build(7);
    var d = TestData.blobs(64, 3, 8, 11);
    var c =
        new QuantComparison(m, d, new Comparison.LatencySettings(4, 0, 1)).add("copy", m.copy());
    var t = c.table();
    assertEquals(
        List.of("faster × (batch 1)", "faster × (batch 4)"),
        t.columnNames().subList(t.columnCount() - 2, t.columnCount()));
    // the float row against itself: 1× at both batches
    assertEquals(1.0, t.doubleColumn("faster × (batch 1)").get(0));
    assertEquals(1.0, t.doubleColumn("faster × (batch 4)").get(0));
    // a copy of the float model predicts exactly as it does
    assertEquals(100.0, t.doubleColumn("agreement %").get(1));
  }
}
