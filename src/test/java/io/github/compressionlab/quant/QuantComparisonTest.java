package io.github.compressionlab.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.compressionlab.measure.Comparison;
import org.junit.jupiter.api.Test;

class QuantComparisonTest {
  @Test
  void agreement_countsEqualPredictions() {
    // 3 of 4 equal → 0.75
    assertEquals(0.75, QuantComparison.agreement(new int[] {1, 2, 3, 4}, new int[] {1, 2, 0, 4}));
  }

  @Test
  void table_hasTheFloatRowFirstWithFullAgreement() {
    var m = QuantizedModelTest.smallCnn();
    var d = QuantizedModelTest.data();
    QuantizedModel q =
        QuantizedModel.quantize(m, QuantScheme.weights(8), Calibrator.minMax().calibrate(m, d));
    var c = new QuantComparison(m, d, new Comparison.LatencySettings(4, 0, 1)).add("int8", q);
    var t = c.table();
    assertEquals(2, t.rowCount());
    assertEquals("float32", t.stringColumn("model").get(0));
    assertEquals(100.0, t.doubleColumn("agreement %").get(0));
    assertEquals(q.fileBytes(), c.rows().get(1).fileBytes());
  }
}
