package io.github.compressionlab.nn;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded weight initialisation. Values are drawn in Java from a {@link SplittableRandom}, so the
 * same seed gives the same weights on every machine and ND4J's global generator is never touched.
 */
public enum WeightInit {
  /**
   * He (Kaiming) normal, std = sqrt(2 / fanIn): keeps activation variance through ReLU layers. He
   * et al., "Delving Deep into Rectifiers", ICCV 2015.
   */
  HE,
  /**
   * Glorot (Xavier) uniform, limit = sqrt(6 / (fanIn + fanOut)). Glorot and Bengio, "Understanding
   * the difficulty of training deep feedforward neural networks", AISTATS 2010.
   */
  GLOROT;

  /** A new float32 array of {@code shape} filled from {@code seed}. */
  public INDArray sample(long[] shape, long fanIn, long fanOut, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = Math.toIntExact(Shapes.product(shape));
    float[] values = new float[n];
    if (this == HE) {
      double std = Math.sqrt(2.0 / fanIn);
      for (int i = 0; i < n; i++) {
        values[i] = (float) (random.nextGaussian() * std);
      }
    } else {
      double limit = Math.sqrt(6.0 / (fanIn + fanOut));
      for (int i = 0; i < n; i++) {
        values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
      }
    }
    return Nd4j.create(values, shape, 'c').castTo(DataType.FLOAT);
  }
}
