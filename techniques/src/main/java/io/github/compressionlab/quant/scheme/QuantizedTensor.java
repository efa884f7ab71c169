package io.github.compressionlab.quant.scheme;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A tensor as integer levels plus the parameters that turn them back into reals.
 *
 * @param scheme how it was quantized
 * @param shape the tensor's shape
 * @param levels integer levels, row-major
 * @param params one entry per tensor, or one per index of {@code channelAxis}
 * @param channelAxis the per-channel axis, or −1 for per-tensor
 */
public record QuantizedTensor(
    QuantScheme scheme, long[] shape, int[] levels, QuantParams[] params, int channelAxis) {

  /** The parameters that apply to flat index {@code i}. */
  public QuantParams paramsAt(int i) {
    if (channelAxis < 0) {
      return params[0];
    }
    int inner = 1;
    for (int d = channelAxis + 1; d < shape.length; d++) {
      inner *= (int) shape[d];
    }
    return params[(i / inner) % params.length];
  }

  /** The real values the levels stand for, as float32 of the original shape. */
  public INDArray dequantize() {
    float[] out = new float[levels.length];
    if (channelAxis < 0) {
      QuantParams p = params[0];
      for (int i = 0; i < levels.length; i++) {
        out[i] = (float) p.dequantize(levels[i]);
      }
    } else {
      int inner = 1;
      for (int d = channelAxis + 1; d < shape.length; d++) {
        inner *= (int) shape[d];
      }
      for (int i = 0; i < levels.length; i++) {
        out[i] = (float) params[(i / inner) % params.length].dequantize(levels[i]);
      }
    }
    return Nd4j.create(out, shape, 'c');
  }
}
