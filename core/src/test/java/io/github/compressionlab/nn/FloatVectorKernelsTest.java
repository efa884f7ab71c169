package io.github.compressionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.models.Teacher;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The plain-Java engine on the Vector API kernels against the ND4J path: every logit within 1e-5
 * (relative to the logit where it exceeds 1). The tests run with {@code --add-modules
 * jdk.incubator.vector} (surefire's argLine), so the kernels are the ones under test.
 */
class FloatVectorKernelsTest {

  /** Inputs in [0, 1) with about a third exact zeros, like Fashion-MNIST's background. */
  private static INDArray images(long seed, long... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[(int) Shapes.product(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(3) == 0 ? 0f : (float) r.nextDouble();
    }
    return Nd4j.create(v, shape, 'c');
  }

  private static JavaProgram assertMatchesNd4j(Sequential model, INDArray x) {
    JavaProgram p = JavaEngine.of(model);
    float[] e = model.predict(x).dup('c').data().asFloat();
    float[] a = p.predict(x).data().asFloat();
    for (int i = 0; i < e.length; i++) {
      double tol = 1e-5 * Math.max(1, Math.abs(e[i]));
      assertTrue(Math.abs(e[i] - a[i]) <= tol, "logit " + i + ": ND4J " + e[i] + ", Java " + a[i]);
    }
    return p;
  }

  @Test
  void theKernelsAreInUse_withTheIncubatorModule() {
    assertTrue(
        FloatVectorKernels.AVAILABLE, "run the tests with --add-modules jdk.incubator.vector");
    assertTrue(FloatVectorKernels.LANES >= 8, "lanes " + FloatVectorKernels.LANES);
  }

  @Test
  void teacher_convReluPoolFused_matchesNd4j() {
    JavaProgram p = assertMatchesNd4j(Teacher.architecture(11), images(1, 3, 1, 28, 28));
    assertTrue(p.toString().contains("conv1+relu1+pool1"), p.toString());
    assertTrue(p.toString().contains("conv2+relu2+pool2"), p.toString());
  }

  @Test
  void lenet_denseKernel_matchesNd4j() {
    assertMatchesNd4j(ReferenceModels.lenet300100(2), images(2, 4, 1, 28, 28));
  }

  @Test
  void channelsNotAMultipleOfFour_kernel5_noPadding_reluWithoutPool_matchNd4j() {
    Sequential m =
        Sequential.builder(3, 13, 11)
            .seed(5)
            .conv2d("conv1", 5, 5, 1, 0) // 5 filters: one group of four plus one padded group
            .relu("relu1")
            .conv2d("conv2", 7, 3, 1, 2) // no ReLU after it: not fused
            .maxPool("pool", 3, 2)
            .flatten()
            .dense("fc1", 33) // 33 outputs: two vectors and a padded one
            .relu("relu2")
            .dense("fc2", 4)
            .build();
    JavaProgram p = assertMatchesNd4j(m, images(3, 2, 3, 13, 11));
    assertTrue(p.toString().contains("conv1+relu1 →"), p.toString());
  }

  @Test
  void weightPrunedConvolutions_skipAllZeroTaps_andMatchNd4j() {
    Sequential m = ReferenceModels.smallCnn(8);
    SplittableRandom r = new SplittableRandom(9);
    for (Layer l : m.layers()) {
      if (l instanceof Conv2d c) {
        float[] v = c.weight().value().dup('c').data().asFloat();
        for (int i = 0; i < v.length; i++) {
          v[i] = r.nextDouble() < 0.8 ? 0f : v[i];
        }
        c.weight().setValue(Nd4j.create(v, c.weight().shape(), 'c'));
      }
    }
    assertMatchesNd4j(m, images(4, 3, 1, 28, 28));
  }

  @Test
  void oneProgram_givesTheSameLogitsForABatchAsForEachExample() {
    Sequential m = ReferenceModels.smallCnn(3);
    JavaProgram p = JavaEngine.of(m);
    INDArray x = images(6, 5, 1, 28, 28);
    INDArray all = p.predict(x);
    for (int e = 0; e < 5; e++) {
      INDArray one = p.predict(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(e, e + 1)));
      assertArrayEquals(
          all.getRow(e).dup().data().asFloat(), one.dup('c').data().asFloat(), 0f, "example " + e);
    }
  }
}
