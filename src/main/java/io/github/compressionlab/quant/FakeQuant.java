package io.github.compressionlab.quant;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fake quantization: quantize and immediately dequantize, so a float tensor takes only the values
 * its integer version could hold. Used by quantization-aware training ({@link Qat}): the forward
 * pass sees the rounded values, and the backward pass treats the rounding as the identity (the
 * straight-through estimator, Bengio, Léonard and Courville, "Estimating or Propagating Gradients
 * Through Stochastic Neurons for Conditional Computation", 2013).
 */
public final class FakeQuant {
  private FakeQuant() {}

  /** {@code w} quantized with {@code scheme} along {@code channelAxis}, then dequantized. */
  public static INDArray apply(INDArray w, QuantScheme scheme, int channelAxis) {
    return scheme.quantize(w, channelAxis).dequantize();
  }

  /**
   * The output channel axis of a parameter: 1 for a Dense weight {@code [in, out]}, 0 for a Conv2d
   * weight {@code [out, in, k, k]}.
   */
  public static int channelAxis(INDArray weight) {
    return weight.rank() == 2 ? 1 : 0;
  }
}
