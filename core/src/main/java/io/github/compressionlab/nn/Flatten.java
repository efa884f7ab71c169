package io.github.compressionlab.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reshapes {@code [B, d1, d2, ...]} to {@code [B, d1·d2·...]} (row-major, as PyTorch). */
public final class Flatten implements Layer {
  public record Config(String name) implements LayerConfig {
    @Override
    public Flatten build(long seed) {
      return new Flatten(name);
    }

    @Override
    public long[] outputShape(long[] in) {
      return new long[] {Shapes.product(in)};
    }

    @Override
    public long flops(long[] inputShape) {
      return 0;
    }

    @Override
    public List<ParameterSpec> parameters(long[] inputShape) {
      return List.of();
    }
  }

  private final String name;
  private long[] inputShape;

  public Flatten(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public INDArray forward(INDArray input, boolean training) {
    inputShape = input.shape();
    long rest = input.length() / Math.max(1, input.size(0));
    return input.reshape('c', input.size(0), rest);
  }

  @Override
  public INDArray backward(INDArray gradOutput) {
    if (inputShape == null) {
      throw new IllegalStateException(
          "layer '" + name + "': backward called before forward; call forward(x, true) first");
    }
    return gradOutput.reshape('c', inputShape);
  }

  @Override
  public List<Parameter> parameters() {
    return List.of();
  }

  @Override
  public Config config() {
    return new Config(name);
  }

  @Override
  public String toString() {
    return "Flatten()";
  }
}
