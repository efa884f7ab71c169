package io.github.compressionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
    JavaProgram engine = JavaEngine.of(m);
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
    JavaProgram engine = JavaEngine.of(ReferenceModels.lenet300100(1));
    IllegalArgumentException shape =
        assertThrows(IllegalArgumentException.class, () -> engine.predict(images(1, 2, 1, 27, 28)));
    assertTrue(shape.getMessage().contains("27"), shape.getMessage());
  }

  @Test
  void prunedDenseLayers_runInCsr_andMatchNd4j() {
    // 784·300 + 300·100 + 100·10 = 266,200 weights; every third kept leaves them 2/3 zero
    // (dense loop), every tenth leaves them 90% zero (CSR)
    for (int keepEvery : new int[] {3, 10}) {
      Sequential m = ReferenceModels.lenet300100(5);
      long kept = 0;
      for (Layer l : m.layers()) {
        if (l instanceof WeightedLayer w) {
          float[] v = w.weight().value().dup('c').data().asFloat();
          for (int i = 0; i < v.length; i++) {
            if (i % keepEvery != 0) {
              v[i] = 0f;
            } else {
              kept++;
            }
          }
          w.weight().setValue(Nd4j.create(v, w.weight().shape(), 'c'));
        }
      }
      assertSameLogits(m, images(6, 4, 1, 28, 28));
      JavaProgram p = JavaEngine.of(m);
      assertEquals(kept, p.nonZeroDenseWeights());
      assertEquals(keepEvery == 10, p.toString().contains("CSR"), p.toString());
    }
  }

  @Test
  void support_isDeclared_notLearnedFromAnException() {
    Sequential bn = Sequential.builder(4).seed(1).dense("fc", 3).batchNorm("bn").build();
    Engine.Support s = new JavaEngine().support(bn.plan());
    assertEquals(false, s.supported());
    assertTrue(s.reason().contains("'bn'") && s.reason().contains("batchnorm"), s.reason());
    assertTrue(new JavaEngine().support(ReferenceModels.smallCnn(1).plan()).supported());
    // a plan lowered from configs has shapes but no weights to run
    ModelPlan configsOnly =
        ModelPlan.lower(new long[] {4}, List.of(new Dense.Config("fc", 4, 2, null)));
    assertEquals(false, new JavaEngine().support(configsOnly).supported());
    assertEquals(false, new Nd4jEngine().support(configsOnly).supported());
  }
}
