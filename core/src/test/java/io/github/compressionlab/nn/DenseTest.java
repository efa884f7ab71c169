package io.github.compressionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.testing.GradientCheck;
import io.github.compressionlab.testing.TestData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DenseTest {

  @Test
  void forward_2x3_matchesHandComputedValues() {
    Dense d = new Dense("fc", 2, 3, 1);
    d.weight().setValue(Nd4j.create(new float[][] {{1, 2, 3}, {4, 5, 6}}));
    d.bias().setValue(Nd4j.create(new float[] {0.5f, 0, -1}));
    INDArray x = Nd4j.create(new float[][] {{1, 2}, {0, -1}});
    float[][] y = d.forward(x, false).toFloatMatrix();
    // row 1: [1·1 + 2·4 + 0.5, 1·2 + 2·5 + 0, 1·3 + 2·6 − 1] = [9.5, 12, 14]
    assertArrayEquals(new float[] {9.5f, 12f, 14f}, y[0], 1e-6f);
    // row 2: [0·1 − 1·4 + 0.5, 0·2 − 1·5, 0·3 − 1·6 − 1] = [−3.5, −5, −7]
    assertArrayEquals(new float[] {-3.5f, -5f, -7f}, y[1], 1e-6f);
  }

  @Test
  void forward_trainingAndInference_agree() {
    Dense d = new Dense("fc", 5, 4, 3);
    INDArray x = TestData.uniform(1, 3, 5);
    INDArray a = d.forward(x, true).dup();
    INDArray b = d.forward(x, false).dup();
    assertTrue(a.equalsWithEps(b, 1e-6));
  }

  @Test
  void backward_matchesHandComputedValues() {
    Dense d = new Dense("fc", 2, 3, 1);
    d.weight().setValue(Nd4j.create(new float[][] {{1, 2, 3}, {4, 5, 6}}));
    INDArray x = Nd4j.create(new float[][] {{1, 2}});
    d.forward(x, true);
    INDArray g = Nd4j.create(new float[][] {{1, 0, -1}});
    float[] gx = d.backward(g).toFloatVector();
    // dL/dx = g·Wᵀ = [1·1 + 0·2 − 1·3, 1·4 + 0·5 − 1·6] = [−2, −2]
    assertArrayEquals(new float[] {-2, -2}, gx, 1e-6f);
    // dL/dW = xᵀ·g = [[1, 0, −1], [2, 0, −2]] ; dL/db = g
    assertArrayEquals(new float[] {1, 0, -1}, d.weight().grad().getRow(0).toFloatVector(), 1e-6f);
    assertArrayEquals(new float[] {2, 0, -2}, d.weight().grad().getRow(1).toFloatVector(), 1e-6f);
    assertArrayEquals(new float[] {1, 0, -1}, d.bias().grad().toFloatVector(), 1e-6f);
  }

  @Test
  void backward_matchesFiniteDifferences() {
    GradientCheck.assertLayerGradients(new Dense("fc", 4, 3, 7), TestData.uniform(2, 5, 4));
  }

  @Test
  void init_sameSeedSameWeights_otherSeedOtherWeights() {
    INDArray a = new Dense("fc", 10, 6, 42).weight().value();
    INDArray b = new Dense("fc", 10, 6, 42).weight().value();
    INDArray c = new Dense("fc", 10, 6, 43).weight().value();
    assertEquals(a, b);
    assertTrue(!a.equals(c));
  }

  @Test
  void forward_wrongFeatureCount_namesLayerAndShapes() {
    Dense d = new Dense("fc1", 4, 3, 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> d.forward(Nd4j.zeros(2, 5), false));
    assertTrue(e.getMessage().contains("fc1") && e.getMessage().contains("[2, 5]"), e.getMessage());
  }

  @Test
  void outputShape_imageInput_suggestsFlatten() {
    Dense d = new Dense("fc1", 4, 3, 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> d.outputShape(new long[] {1, 2, 2}));
    assertTrue(e.getMessage().contains("flatten"), e.getMessage());
  }

  @Test
  void parameter_setValueWithWrongShape_namesBothShapes() {
    Dense d = new Dense("fc1", 4, 3, 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> d.weight().setValue(Nd4j.zeros(3, 4)));
    assertTrue(e.getMessage().contains("[4, 3]") && e.getMessage().contains("[3, 4]"));
  }

  @Test
  void flops_countMultiplyAddAsTwo() {
    // 2·4·3 multiply-adds + 3 bias adds
    assertEquals(27, new Dense("fc", 4, 3, 1).flops(new long[] {4}));
  }
}
