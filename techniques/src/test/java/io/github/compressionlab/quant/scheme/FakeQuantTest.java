package io.github.compressionlab.quant.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.quant.scheme.QuantScheme.Granularity;
import io.github.compressionlab.quant.scheme.QuantScheme.Mapping;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class FakeQuantTest {

  @Test
  void meanSquaredError_ofAGivenGrid_averagesTheSquaredRoundingAndClipping() {
    // grid: step 1, levels 0..3 (values 0, 1, 2, 3)
    // 0.4 → 0 (error 0.4), 1.5 → 2 (tie to even, error 0.5), 5 → clipped to 3 (error 2)
    // mean of 0.16, 0.25, 4 = 4.41 / 3 = 1.47
    QuantParams grid = new QuantParams(1, 0, 0, 3);
    assertEquals(1.47, FakeQuant.meanSquaredError(new float[] {0.4f, 1.5f, 5f}, grid), 1e-6);
  }

  @Test
  void meanSquaredError_ofTheTensorsOwnGrid_agreesWithTheTensorVersion() {
    float[] v = {-0.9f, -0.2f, 0.05f, 0.3f, 0.71f, 1.3f};
    QuantScheme s = new QuantScheme(4, Mapping.SYMMETRIC, Granularity.PER_TENSOR);
    double tensor = FakeQuant.meanSquaredError(Nd4j.create(v), s, 0);
    double grid = FakeQuant.meanSquaredError(v, s.forValues(v));
    assertEquals(tensor, grid, 1e-7);
  }

  @Test
  void meanSquaredError_ofNoValues_saysSo() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FakeQuant.meanSquaredError(new float[0], new QuantParams(1, 0, 0, 3)));
    assertTrue(e.getMessage().contains("needs values"), e.getMessage());
  }
}
