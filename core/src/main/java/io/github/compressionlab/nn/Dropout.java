package io.github.compressionlab.nn;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout (Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks from
 * Overfitting", JMLR 2014): in training each element is zeroed with probability {@code p} and the
 * survivors are scaled by {@code 1/(1−p)}, so inference is the identity. Masks come from a
 * generator seeded at construction; {@link #reseed(long)} restarts the sequence.
 */
public final class Dropout implements Layer {
  public record Config(String name, double p) implements LayerConfig.UnitWise {
    public Config {
      if (!(p >= 0 && p < 1)) {
        throw new IllegalArgumentException(
            "dropout layer '"
                + name
                + "': p is the probability of dropping a unit and must be in [0, 1), got "
                + p
                + "; e.g. 0.5 (p = 1 would drop everything)");
      }
    }

    @Override
    public Dropout build(long seed) {
      return new Dropout(this, seed);
    }

    @Override
    public long[] outputShape(long[] inputShape) {
      return inputShape.clone();
    }

    /** None: at inference dropout is the identity, and training masks are not counted. */
    @Override
    public long flops(long[] inputShape) {
      return 0;
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
  private SplittableRandom random;
  private INDArray mask;
  private INDArray output;
  private INDArray gradInput;
  private boolean masked;

  public Dropout(Config config, long seed) {
    this.config = config;
    this.random = new SplittableRandom(seed);
  }

  public Dropout(String name, double p, long seed) {
    this(new Config(name, p), seed);
  }

  @Override
  public String name() {
    return config.name();
  }

  public double p() {
    return config.p();
  }

  /** Restarts the mask sequence from {@code seed}. */
  public void reseed(long seed) {
    random = new SplittableRandom(seed);
  }

  @Override
  public INDArray forward(INDArray input, boolean training) {
    masked = training && config.p() > 0;
    if (!masked) {
      return input;
    }
    int n = Math.toIntExact(input.length());
    float keep = (float) (1.0 / (1.0 - config.p()));
    float[] m = new float[n];
    for (int i = 0; i < n; i++) {
      m[i] = random.nextDouble() < config.p() ? 0f : keep;
    }
    mask = Nd4j.create(m, input.shape(), 'c');
    if (output == null || !Arrays.equals(output.shape(), input.shape())) {
      output = Nd4j.createUninitialized(DataType.FLOAT, input.shape());
    }
    Nd4j.getExecutioner()
        .exec(
            new org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp(
                input, mask, output));
    return output;
  }

  @Override
  public INDArray backward(INDArray gradOutput) {
    if (!masked) {
      return gradOutput;
    }
    if (gradInput == null || !Arrays.equals(gradInput.shape(), gradOutput.shape())) {
      gradInput = Nd4j.createUninitialized(DataType.FLOAT, gradOutput.shape());
    }
    Nd4j.getExecutioner()
        .exec(
            new org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp(
                gradOutput, mask, gradInput));
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
    return "Dropout(p=" + config.p() + ")";
  }
}
