package io.github.compressionlab.nn;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Max pooling over square windows of NCHW images, no padding (windows that do not fit are dropped,
 * as in PyTorch). Runs libnd4j's native {@code maxpool2d} and {@code maxpool2d_bp}.
 */
public final class MaxPool2d implements Layer {
  public record Config(String name, int kernel, int stride) implements LayerConfig.UnitWise {
    public Config {
      if (kernel < 1 || stride < 1) {
        throw new IllegalArgumentException(
            "maxpool layer '"
                + name
                + "' needs kernel >= 1 and stride >= 1, got kernel="
                + kernel
                + ", stride="
                + stride);
      }
    }

    @Override
    public MaxPool2d build(long seed) {
      return new MaxPool2d(this);
    }

    @Override
    public long[] outputShape(long[] in) {
      if (in.length != 3) {
        throw new IllegalArgumentException(
            "layer '"
                + name
                + "' (MaxPool2d) expects input shape [channels, H, W] but gets "
                + Shapes.str(in)
                + "; put it after a conv2d layer, before flatten()");
      }
      long h = Shapes.windowOut(in[1], kernel, stride, 0);
      long w = Shapes.windowOut(in[2], kernel, stride, 0);
      if (h < 1 || w < 1) {
        throw new IllegalArgumentException(
            "layer '"
                + name
                + "': a "
                + kernel
                + "x"
                + kernel
                + " window does not fit the input "
                + Shapes.str(in)
                + "; use a smaller window");
      }
      return new long[] {in[0], h, w};
    }

    @Override
    public long flops(long[] in) {
      // one comparison per window element
      long[] out = outputShape(in);
      return out[0] * out[1] * out[2] * kernel * kernel;
    }

    @Override
    public List<ParameterSpec> parameters(long[] inputShape) {
      return List.of();
    }

    @Override
    public Config withUnits(long units) {
      return this;
    }
  }

  private final Config config;
  private final int[] args;
  private INDArray input;
  private INDArray output;
  private INDArray gradInput;

  public MaxPool2d(Config config) {
    this.config = config;
    this.args = NativeOps.poolArgs(config.kernel(), config.stride());
  }

  /** A pool with window {@code kernel} and stride equal to the window. */
  public MaxPool2d(String name, int kernel) {
    this(new Config(name, kernel, kernel));
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public INDArray forward(INDArray x, boolean training) {
    long[] full = Shapes.withBatch(x.size(0), config.outputShape(Shapes.perExample(x)));
    input = x;
    if (output == null || !Arrays.equals(output.shape(), full)) {
      output = Nd4j.createUninitialized(DataType.FLOAT, full);
    }
    NativeOps.exec("maxpool2d", new INDArray[] {x}, new INDArray[] {output}, args);
    return output;
  }

  @Override
  public INDArray backward(INDArray gradOutput) {
    if (input == null) {
      throw new IllegalStateException(
          "layer '" + name() + "': backward called before forward; call forward(x, true) first");
    }
    if (gradInput == null || !Arrays.equals(gradInput.shape(), input.shape())) {
      gradInput = Nd4j.createUninitialized(DataType.FLOAT, input.shape());
    }
    NativeOps.exec(
        "maxpool2d_bp", new INDArray[] {input, gradOutput}, new INDArray[] {gradInput}, args);
    return gradInput;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of();
  }

  @Override
  public Config config() {
    return config;
  }

  @Override
  public String toString() {
    return "MaxPool2d("
        + config.kernel()
        + "x"
        + config.kernel()
        + (config.stride() != config.kernel() ? ", stride " + config.stride() : "")
        + ")";
  }
}
