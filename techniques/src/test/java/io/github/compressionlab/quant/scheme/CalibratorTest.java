package io.github.compressionlab.quant.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.testing.SmallCnn;
import io.github.compressionlab.testing.TestData;
import org.junit.jupiter.api.Test;

class CalibratorTest {
  /** 1000 values 0.000, 0.001, …, 0.999 and one outlier at 10. */
  static float[] withOutlier() {
    float[] v = new float[1001];
    for (int i = 0; i < 1000; i++) {
      v[i] = i / 1000f;
    }
    v[1000] = 10f;
    return v;
  }

  @Test
  void minMax_keepsTheOutlier() {
    Range r = Calibrator.minMax().range(withOutlier());
    assertEquals(0, r.min(), 0);
    assertEquals(10, r.max(), 1e-6);
  }

  @Test
  void percentile_clipsTheOutlier() {
    // the 99.9th percentile of 1001 sorted values sits at position 0.999·1000 = 999 → 0.999
    Range r = Calibrator.percentile(99.9).range(withOutlier());
    assertEquals(0.999, r.max(), 1e-3);
  }

  @Test
  void mse_clipsTheLongTailOfAnExponentialDistribution() {
    // 10,000 quantiles of Exp(1): -ln(1 - (i + ½)/10⁴), from 0.00005 to 9.9. At 4 bits min-max
    // spends its 16 levels on [0, 9.9] (step 0.66), though 95% of the values lie below 3; the
    // rounding error of all of them outweighs clipping the few in the tail.
    float[] v = new float[10_000];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) -Math.log(1 - (i + 0.5) / v.length);
    }
    Range r = Calibrator.mse(4).range(v);
    assertTrue(r.max() < 0.8 * v[v.length - 1] && r.max() > 2, "mse range " + r);
  }

  @Test
  void calibrate_givesOneInputRangePerWeightedLayer() {
    var m = SmallCnn.side(8).hidden(16).build(7);
    ActivationRanges r = Calibrator.minMax().calibrate(m, TestData.blobs(64, 3, 8, 11));
    assertEquals(
        java.util.List.of("conv1", "fc1", "fc2"), java.util.List.copyOf(r.inputs().keySet()));
    assertTrue(r.input("fc1").min() >= 0, "after ReLU and pooling inputs are >= 0");
    assertTrue(r.input("conv1").max() <= 1);
  }

  @Test
  void emptyCalibrationSet_isAClearError() {
    var m = SmallCnn.side(8).hidden(16).build(7);
    var empty = TestData.blobs(4, 3, 8, 1).subset(0, 0);
    var e =
        assertThrows(IllegalArgumentException.class, () -> Calibrator.minMax().calibrate(m, empty));
    assertTrue(e.getMessage().contains("calibration set is empty"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Calibrator.minMax().range(new float[0]));
  }

  @Test
  void badSettings_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> Calibrator.percentile(30));
    assertThrows(IllegalArgumentException.class, () -> Calibrator.mse(1));
  }
}
