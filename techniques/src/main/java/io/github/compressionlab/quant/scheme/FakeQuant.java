package io.github.compressionlab.quant.scheme;

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

  /** Mean squared error {@code mean((w − fakeQuant(w))²)} of quantizing {@code w}. */
  public static double meanSquaredError(INDArray w, QuantScheme scheme, int channelAxis) {
    INDArray d =
        w.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).sub(apply(w, scheme, channelAxis));
    return d.muli(d).meanNumber().doubleValue();
  }

  /**
   * Mean squared error {@code mean((v − grid.roundTrip(v))²)} of putting {@code values} on one
   * given grid: what a calibrated range costs the values it clips and rounds.
   *
   * @throws IllegalArgumentException for no values
   */
  public static double meanSquaredError(float[] values, QuantParams grid) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException(
          "the error of a grid needs values to put on it; got none (calibrate on a non-empty set)");
    }
    double e = 0;
    for (float v : values) {
      double d = v - grid.roundTrip(v);
      e += d * d;
    }
    return e / values.length;
  }

  /**
   * A copy of {@code model} whose dense and conv weights are fake-quantized with {@code scheme}
   * (biases and activations stay float): what weight-only quantization does to accuracy, at ND4J's
   * speed.
   */
  public static io.github.compressionlab.nn.Sequential weights(
      io.github.compressionlab.nn.Sequential model, QuantScheme scheme) {
    io.github.compressionlab.nn.Sequential c = model.copy();
    for (io.github.compressionlab.nn.Layer l : c.layers()) {
      if (l instanceof io.github.compressionlab.nn.WeightedLayer w) {
        w.weight().setValue(apply(w.weight().value(), scheme, w.outputAxis()));
      }
    }
    return c;
  }

  /**
   * The output channel axis of a parameter: 1 for a Dense weight {@code [in, out]}, 0 for a Conv2d
   * weight {@code [out, in, k, k]}.
   */
  public static int channelAxis(INDArray weight) {
    return weight.rank() == 2 ? 1 : 0;
  }
}
