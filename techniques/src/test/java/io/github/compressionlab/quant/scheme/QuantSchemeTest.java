package io.github.compressionlab.quant.scheme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.quant.scheme.QuantScheme.Granularity;
import io.github.compressionlab.quant.scheme.QuantScheme.Mapping;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class QuantSchemeTest {
  private static final QuantScheme ASYM8 =
      new QuantScheme(8, Mapping.ASYMMETRIC, Granularity.PER_TENSOR);
  private static final QuantScheme SYM8 =
      new QuantScheme(8, Mapping.SYMMETRIC, Granularity.PER_TENSOR);

  @Test
  void asymmetric8_ofMinusOneHalfTwo_hasScaleThreeOver255AndZeroPoint85() {
    // range [-1, 2]: scale = (2 - (-1)) / (255 - 0) = 3/255 = 0.0117647...
    // zeroPoint = 0 - rint(-1 / (3/255)) = rint(85) = 85
    QuantParams p = ASYM8.forValues(new float[] {-1f, 0.5f, 2f});
    assertEquals(3.0 / 255, p.scale(), 1e-12);
    assertEquals(85, p.zeroPoint());
    // q(-1) = rint(-85) + 85 = 0; q(2) = rint(170) + 85 = 255
    assertEquals(0, p.quantize(-1));
    assertEquals(255, p.quantize(2));
    // q(0.5) = rint(42.5) + 85 = 42 + 85 = 127 (tie goes to the even 42); back: 42·3/255 = 0.494
    assertEquals(127, p.quantize(0.5));
    assertEquals(42 * 3.0 / 255, p.roundTrip(0.5), 1e-12);
    // real 0 is exact: q(0) = 85 → (85 − 85)·scale = 0
    assertEquals(0.0, p.roundTrip(0.0));
  }

  @Test
  void symmetric8_ofMinusOneHalfTwo_hasScaleTwoOver127AndZeroPointZero() {
    // max|x| = 2 → scale = 2/127; levels -127..127
    QuantParams p = SYM8.forValues(new float[] {-1f, 0.5f, 2f});
    assertEquals(2.0 / 127, p.scale(), 1e-12);
    assertEquals(0, p.zeroPoint());
    assertEquals(-127, p.qmin());
    // -1 / (2/127) = -63.5 → rint → -64 (even); 0.5 / (2/127) = 31.75 → 32; 2 → 127
    assertEquals(-64, p.quantize(-1));
    assertEquals(32, p.quantize(0.5));
    assertEquals(127, p.quantize(2));
  }

  @Test
  void levels_of4BitSymmetricAndAsymmetric_areFifteenAndSixteen() {
    assertEquals(15, QuantScheme.weights(4).forRange(-7, 7).levels().length); // -7..7
    assertEquals(16, QuantScheme.activations(4).forRange(0, 15).levels().length); // 0..15
    assertArrayEquals(
        new double[] {-1, 0, 1}, QuantScheme.weights(2).forRange(-1, 1).levels(), 1e-12);
  }

  @Test
  void quantize_clampsOutsideTheRange() {
    QuantParams p = ASYM8.forRange(0, 1); // scale 1/255, zp 0
    assertEquals(255, p.quantize(5));
    assertEquals(0, p.quantize(-5));
  }

  @Test
  void perChannel_dense_usesOneScalePerOutputColumn() {
    // Dense weight [in=2, out=2]: column 0 = {1, -0.5}, column 1 = {0.01, 0.02}
    var w = Nd4j.create(new float[] {1f, 0.01f, -0.5f, 0.02f}, new long[] {2, 2}, 'c');
    QuantizedTensor q = SYM8.withGranularity(Granularity.PER_CHANNEL).quantize(w, 1);
    assertEquals(1.0 / 127, q.params()[0].scale(), 1e-12); // max|col 0| = 1
    assertEquals(0.02 / 127, q.params()[1].scale(), 1e-9); // max|col 1| = 0.02
    // per channel, the small column keeps its precision: 0.01 → 63.5 → 64 → 0.01008
    assertEquals(0.01, q.dequantize().getFloat(0, 1), 0.02 / 127 / 2 + 1e-9);
    // per tensor, the whole column 1 is about one step: 0.01 → rint(1.27) = 1 → 0.00787
    QuantizedTensor t = SYM8.quantize(w, 1);
    assertEquals(1, t.levels()[1]);
  }

  @Test
  void perChannelError_isAtMostPerTensorError() {
    // 16 output channels whose magnitudes range from 0.01 to 2: one scale cannot suit them all
    float[] v = new float[16 * 8];
    for (int c = 0; c < 16; c++) {
      for (int i = 0; i < 8; i++) {
        v[c * 8 + i] = (float) ((0.01 + 2.0 * c / 15) * Math.sin(c * 8 + i));
      }
    }
    var w = Nd4j.create(v, new long[] {16, 8}, 'c');
    double perTensor =
        w.sub(FakeQuant.apply(w, QuantScheme.weights(4).withGranularity(Granularity.PER_TENSOR), 0))
            .norm2Number()
            .doubleValue();
    double perChannel =
        w.sub(FakeQuant.apply(w, QuantScheme.weights(4), 0)).norm2Number().doubleValue();
    assertTrue(perChannel < perTensor, perChannel + " < " + perTensor);
  }

  @Test
  void bits_outsideTwoToSixteen_areRejectedWithTheRange() {
    var e1 = assertThrows(IllegalArgumentException.class, () -> QuantScheme.weights(1));
    assertTrue(e1.getMessage().contains("between 2 and 16"), e1.getMessage());
    assertThrows(IllegalArgumentException.class, () -> QuantScheme.weights(17));
    assertThrows(IllegalArgumentException.class, () -> QuantScheme.activations(0));
  }

  @Test
  void nanOrInfiniteWeights_areRejectedNamingTheValue() {
    var nan = Nd4j.create(new float[] {1f, Float.NaN}, new long[] {1, 2}, 'c');
    var e = assertThrows(IllegalArgumentException.class, () -> SYM8.quantize(nan, 1));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    var inf = Nd4j.create(new float[] {Float.POSITIVE_INFINITY, 1f}, new long[] {1, 2}, 'c');
    var e2 =
        assertThrows(IllegalArgumentException.class, () -> QuantScheme.weights(8).quantize(inf, 1));
    assertTrue(e2.getMessage().contains("Infinity"), e2.getMessage());
  }

  @Test
  void heightExample_roundsToCentimetresThenTens() {
    // 167.3846271 cm on a 1 cm grid → 167; on a 10 cm grid → 170
    assertEquals(167, new QuantParams(1, 0, 0, 255).roundTrip(167.3846271), 1e-12);
    assertEquals(170, new QuantParams(10, 0, 0, 255).roundTrip(167.3846271), 1e-12);
  }
}
