package io.github.compressionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class JavaEngineTest {

  private static INDArray images(long seed, long... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    INDArray x = Nd4j.create(DataType.FLOAT, shape);
    long n = x.length();
    float[] v = new float[(int) n];
    for (int i = 0; i < n; i++) {
      // about a third exact zeros, like the background of Fashion-MNIST
      v[i] = r.nextInt(3) == 0 ? 0f : (float) r.nextDouble();
    }
    return Nd4j.create(v, shape, 'c');
  }

  private static void assertSameLogits(Sequential model, INDArray x) {
    INDArray expected = model.predict(x);
    INDArray actual = JavaEngine.of(model).predict(x);
    assertArrayEquals(expected.shape(), actual.shape());
    float[] e = expected.dup('c').data().asFloat();
    float[] a = actual.data().asFloat();
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], 1e-4 * Math.max(1, Math.abs(e[i])), "logit " + i);
    }
  }

  @Test
  void lenet_matchesNd4j() {
    assertSameLogits(ReferenceModels.lenet300100(3), images(1, 5, 1, 28, 28));
  }

  @Test
  void smallCnnWithoutPadding_matchesNd4j() {
    assertSameLogits(ReferenceModels.smallCnn(4), images(2, 3, 1, 28, 28));
  }

  @Test
  void strideAndPaddingAndSeveralInputChannels_matchNd4j() {
    // 3 input channels exercise the NCHW → HWC reordering of the input and of the flatten.
    Sequential m =
        Sequential.builder(3, 11, 9)
            .seed(7)
            .conv2d("conv1", 5, 3, 2, 1)
            .relu("relu1")
            .conv2d("conv2", 4, 2, 1, 0)
            .maxPool("pool", 2, 1)
            .dropout("drop", 0.5)
            .flatten()
            .dense("fc", 6)
            .build();
    assertSameLogits(m, images(3, 4, 3, 11, 9));
  }

  @Test
  void denseOnly_vectorInput_matchesNd4j() {
    Sequential m = Sequential.builder(7).seed(1).dense("fc1", 5).relu("r").dense("fc2", 3).build();
    assertSameLogits(m, images(4, 2, 7));
  }

  @Test
  void isASnapshot_laterWeightChangesAreNotSeen() {
    Sequential m = Sequential.builder(4).seed(1).dense("fc", 2).build();
    INDArray x = images(5, 1, 4);
    JavaEngine engine = JavaEngine.of(m);
    INDArray before = engine.predict(x);
    m.parameter("fc.weight").value().assign(0);
    assertEquals(before, engine.predict(x));
  }

  @Test
  void unsupportedLayerAndWrongInput_sayWhatToDo() {
    Sequential bn = Sequential.builder(4).seed(1).dense("fc", 3).batchNorm("bn").build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JavaEngine.of(bn));
    assertTrue(e.getMessage().contains("bn"), e.getMessage());
    JavaEngine engine = JavaEngine.of(ReferenceModels.lenet300100(1));
    IllegalArgumentException shape =
        assertThrows(IllegalArgumentException.class, () -> engine.predict(images(1, 2, 1, 27, 28)));
    assertTrue(shape.getMessage().contains("27"), shape.getMessage());
  }
}
