package io.github.compressionlab.quant.scheme;

import io.github.compressionlab.nn.LayerConfig;
import io.github.compressionlab.nn.Parameter;
import io.github.compressionlab.nn.WeightedLayer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Wraps a dense or conv layer so its input is fake-quantized (asymmetric, per tensor) in the
 * forward pass, where the integer model quantizes it. The range follows the training batches as an
 * exponential moving average of their min and max (momentum 0.01, first batch taken as is); in
 * inference mode the range is fixed. Backward is the straight-through estimator with clipping: the
 * gradient passes unchanged where the input lay inside the range and is zero outside.
 *
 * <p>The wrapper has the inner layer's name, parameters and config, so a model built of wrappers
 * trains the same parameter objects and describes the same architecture.
 */
final class FakeQuantInput implements WeightedLayer {
  private static final double MOMENTUM = 0.01;

  private final WeightedLayer inner;
  private final QuantScheme scheme;
  private double min = Double.NaN;
  private double max = Double.NaN;
  private INDArray mask;

  FakeQuantInput(WeightedLayer inner, int bits) {
    this.inner = inner;
    this.scheme = QuantScheme.activations(bits);
  }

  WeightedLayer inner() {
    return inner;
  }

  @Override
  public Parameter weight() {
    return inner.weight();
  }

  @Override
  public Parameter bias() {
    return inner.bias();
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public INDArray forward(INDArray input, boolean training) {
    float[] v = input.castTo(DataType.FLOAT).dup('c').data().asFloat();
    if (training || Double.isNaN(min)) {
      float lo = Float.POSITIVE_INFINITY;
      float hi = Float.NEGATIVE_INFINITY;
      for (float x : v) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      if (Double.isNaN(min)) {
        min = lo;
        max = hi;
      } else {
        min += MOMENTUM * (lo - min);
        max += MOMENTUM * (hi - max);
      }
    }
    QuantParams p = scheme.forRange(Math.min(min, 0), Math.max(max, 0));
    double lo = p.min();
    double hi = p.max();
    float[] q = new float[v.length];
    float[] m = training ? new float[v.length] : null;
    for (int i = 0; i < v.length; i++) {
      q[i] = (float) p.roundTrip(v[i]);
      if (m != null) {
        m[i] = v[i] >= lo && v[i] <= hi ? 1f : 0f;
      }
    }
    mask = m == null ? null : Nd4j.create(m, input.shape(), 'c');
    return inner.forward(Nd4j.create(q, input.shape(), 'c'), training);
  }

  @Override
  public INDArray backward(INDArray gradOutput) {
    INDArray g = inner.backward(gradOutput);
    return mask == null ? g : g.mul(mask);
  }

  @Override
  public List<Parameter> parameters() {
    return inner.parameters();
  }

  @Override
  public LayerConfig.Weighted config() {
    return inner.config();
  }

  @Override
  public String toString() {
    return "FakeQuant" + scheme.bits() + "(" + inner + ")";
  }
}
