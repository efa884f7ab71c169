package io.github.compressionlab.nn;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2-D convolution on NCHW images, square kernel, with stride and zero padding. Forward and backward
 * run libnd4j's native {@code conv2d} and {@code conv2d_bp} ops (oneDNN where available).
 *
 * <p>Layout: {@code weight} is {@code [outChannels, inChannels, kernel, kernel]} (as in PyTorch),
 * {@code bias} is {@code [outChannels]}; input {@code [B, inC, H, W]}, output {@code [B, outC, H',
 * W']} with {@code H' = (H + 2·padding − kernel) / stride + 1}. Weights are He-initialised with
 * fan-in {@code inC·kernel²}; the bias starts at zero.
 */
public final class Conv2d implements WeightedLayer {
  public record Config(
      String name, long inChannels, long outChannels, int kernel, int stride, int padding)
      implements LayerConfig.Weighted {
    public Config {
      if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0) {
        throw new IllegalArgumentException(
            "conv2d layer '"
                + name
                + "' needs inChannels, outChannels, kernel, stride >= 1 and padding >= 0; got "
                + "inChannels="
                + inChannels
                + ", outChannels="
                + outChannels
                + ", kernel="
                + kernel
                + ", stride="
                + stride
                + ", padding="
                + padding);
      }
    }

    @Override
    public Conv2d build(long seed) {
      return new Conv2d(this, seed);
    }

    @Override
    public long[] outputShape(long[] in) {
      if (in.length != 3 || in[0] != inChannels) {
        throw new IllegalArgumentException(
            "layer '"
                + name
                + "' (Conv2d "
                + inChannels
                + "→"
                + outChannels
                + " channels) expects input shape ["
                + inChannels
                + ", H, W] but gets "
                + Shapes.str(in)
                + "; "
                + (in.length == 3
                    ? "set inChannels=" + in[0]
                    : "reshape the input to [channels, height, width]"));
      }
      long h = Shapes.windowOut(in[1], kernel, stride, padding);
      long w = Shapes.windowOut(in[2], kernel, stride, padding);
      if (h < 1 || w < 1) {
        throw new IllegalArgumentException(
            "layer '"
                + name
                + "': a "
                + kernel
                + "x"
                + kernel
                + " kernel does not fit the input "
                + Shapes.str(in)
                + " with padding "
                + padding
                + "; use a smaller kernel or more padding");
      }
      return new long[] {outChannels, h, w};
    }

    @Override
    public long flops(long[] in) {
      long[] out = outputShape(in);
      long k = kernel;
      return out[0] * out[1] * out[2] * (2 * inChannels * k * k + 1);
    }

    @Override
    public List<ParameterSpec> parameters(long[] inputShape) {
      return List.of(
          ParameterSpec.trained("weight", outChannels, inChannels, kernel, kernel),
          ParameterSpec.trained("bias", outChannels));
    }

    @Override
    public long inputUnits() {
      return inChannels;
    }

    @Override
    public long outputUnits() {
      return outChannels;
    }

    /** The {@code [outC, inC, k, k]} weight's second axis: input channels. */
    @Override
    public int inputAxis() {
      return 1;
    }

    @Override
    public int outputAxis() {
      return 0;
    }

    @Override
    public Config withUnits(long inputUnits, long outputUnits) {
      return new Config(name, inputUnits, outputUnits, kernel, stride, padding);
    }
  }

  private final Config config;
  private final Parameter weight;
  private final Parameter bias;
  private final int[] args;
  private INDArray input;
  private INDArray output;
  private INDArray gradInput;
  private INDArray cols6d; // [B, inC, k, k, oH, oW] im2col output, for backwardParameters
  private INDArray colsT; // [inC·k·k, B·P] the same columns, channel-major
  private INDArray gradT; // [outC, B·P] output gradient, channel-major
  private INDArray ones; // [B·P, 1]
  private INDArray weightGrad2d; // [outC, inC·k·k] scratch for the gemm result

  public Conv2d(Config config, long seed) {
    this.config = config;
    long k = config.kernel();
    long fanIn = config.inChannels() * k * k;
    long fanOut = config.outChannels() * k * k;
    this.weight =
        new Parameter(
            "weight",
            WeightInit.HE.sample(
                new long[] {config.outChannels(), config.inChannels(), k, k}, fanIn, fanOut, seed));
    this.bias = new Parameter("bias", Nd4j.zeros(DataType.FLOAT, config.outChannels()));
    this.args = NativeOps.convArgs(config.kernel(), config.stride(), config.padding());
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public Parameter weight() {
    return weight;
  }

  @Override
  public Parameter bias() {
    return bias;
  }

  @Override
  public INDArray forward(INDArray x, boolean training) {
    long[] out = config.outputShape(Shapes.perExample(x));
    input = x;
    long[] full = Shapes.withBatch(x.size(0), out);
    if (output == null || !Arrays.equals(output.shape(), full)) {
      output = Nd4j.createUninitialized(DataType.FLOAT, full);
    }
    NativeOps.exec(
        "conv2d", new INDArray[] {x, weight.value(), bias.value()}, new INDArray[] {output}, args);
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
        "conv2d_bp",
        new INDArray[] {input, weight.value(), bias.value(), gradOutput},
        new INDArray[] {gradInput, weight.grad(), bias.grad()},
        args);
    return gradInput;
  }

  /**
   * The parameter half of {@link #backward}, for a first layer whose input needs no gradient.
   * Native {@code conv2d_bp} always computes the input gradient too, and for one input channel it
   * is slow (13 ms for the lab's CNN at batch 128); this computes {@code dW = gradOut · colsᵀ} with
   * one im2col and one gemm over the whole batch (about 3 ms), and {@code db} as a gemm with ones.
   */
  @Override
  public void backwardParameters(INDArray gradOutput) {
    if (input == null) {
      throw new IllegalStateException(
          "layer '" + name() + "': backward called before forward; call forward(x, true) first");
    }
    int k = config.kernel();
    long b = input.size(0);
    long outC = config.outChannels();
    long oh = gradOutput.size(2);
    long ow = gradOutput.size(3);
    long rows = config.inChannels() * k * k;
    long cols = b * oh * ow;
    if (colsT == null || colsT.size(1) != cols) {
      colsT = Nd4j.createUninitialized(DataType.FLOAT, rows, cols);
      cols6d = Nd4j.createUninitialized(DataType.FLOAT, b, config.inChannels(), k, k, oh, ow);
      gradT = Nd4j.createUninitialized(DataType.FLOAT, outC, cols);
      ones = Nd4j.ones(DataType.FLOAT, cols, 1);
      weightGrad2d = Nd4j.createUninitialized(DataType.FLOAT, outC, rows);
    }
    // im2col writes [B, inC, k, k, oH, oW] (contiguous: writing into a permuted view is 3x slower),
    // then one copy lays the columns out as [inC·k·k, B·P].
    int s = config.stride();
    int p = config.padding();
    NativeOps.exec(
        "im2col",
        new INDArray[] {input},
        new INDArray[] {cols6d},
        new int[] {k, k, s, s, p, p, 1, 1, 0},
        0.0);
    colsT
        .reshape('c', rows, b, oh * ow)
        .assign(cols6d.reshape('c', b, rows, oh * ow).permute(1, 0, 2));
    gradT
        .reshape('c', outC, b, oh * ow)
        .assign(gradOutput.reshape('c', b, outC, oh * ow).permute(1, 0, 2));
    Nd4j.gemm(gradT, colsT, weightGrad2d, false, true, 1.0, 0.0);
    weight.grad().assign(weightGrad2d.reshape('c', weight.grad().shape()));
    bias.grad().assign(Nd4j.gemm(gradT, ones, false, false).reshape(outC));
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, bias);
  }

  @Override
  public Config config() {
    return config;
  }

  @Override
  public String toString() {
    return "Conv2d("
        + config.inChannels()
        + " → "
        + config.outChannels()
        + ", "
        + config.kernel()
        + "x"
        + config.kernel()
        + (config.stride() != 1 ? ", stride " + config.stride() : "")
        + (config.padding() != 0 ? ", padding " + config.padding() : "")
        + ")";
  }
}
