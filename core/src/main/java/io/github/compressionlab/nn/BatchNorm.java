package io.github.compressionlab.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation (Ioffe and Szegedy, "Batch Normalization: Accelerating Deep Network Training
 * by Reducing Internal Covariate Shift", ICML 2015) over the feature axis of {@code [B, F]} or the
 * channel axis of {@code [B, C, H, W]}. Training normalises with the batch's mean and (biased)
 * variance and updates the running statistics with {@code running = (1 − momentum)·running +
 * momentum·batch} (unbiased variance, as PyTorch); inference uses the running statistics.
 *
 * <p>Parameters: {@code weight} (γ, starts at 1) and {@code bias} (β, starts at 0) are trained;
 * {@code running_mean} and {@code running_var} are non-trainable parameters, so they are saved and
 * copied with the model. Computed in Java in one pass per channel (a memory-bound loop).
 */
public final class BatchNorm implements Layer {
  /**
   * @param features F or C, the size of the normalised axis
   * @param momentum weight of the batch statistics in the running averages, e.g. 0.1
   * @param epsilon added to the variance for stability, e.g. 1e-5
   */
  public record Config(String name, long features, double momentum, double epsilon)
      implements LayerConfig.UnitWise {
    public Config {
      if (features < 1 || !(momentum > 0 && momentum <= 1) || !(epsilon > 0)) {
        throw new IllegalArgumentException(
            "batch-norm layer '"
                + name
                + "' needs features >= 1, momentum in (0, 1] and epsilon > 0; got features="
                + features
                + ", momentum="
                + momentum
                + ", epsilon="
                + epsilon
                + " (PyTorch's defaults are momentum 0.1, epsilon 1e-5)");
      }
    }

    @Override
    public BatchNorm build(long seed) {
      return new BatchNorm(this);
    }

    @Override
    public long[] outputShape(long[] in) {
      if ((in.length != 1 && in.length != 3) || in[0] != features) {
        throw new IllegalArgumentException(
            "layer '"
                + name
                + "' (BatchNorm of "
                + features
                + " features) expects input ["
                + features
                + "] or ["
                + features
                + ", H, W] but gets "
                + Shapes.str(in)
                + "; set features="
                + (in.length > 0 ? in[0] : "?"));
      }
      return in.clone();
    }

    @Override
    public long flops(long[] in) {
      return 2 * Shapes.product(in);
    }

    /** γ and β are trained; the running statistics are saved state, not parameters. */
    @Override
    public List<ParameterSpec> parameters(long[] inputShape) {
      return List.of(
          ParameterSpec.trained("weight", features),
          ParameterSpec.trained("bias", features),
          new ParameterSpec("running_mean", new long[] {features}, false),
          new ParameterSpec("running_var", new long[] {features}, false));
    }

    @Override
    public Config withUnits(long units) {
      return new Config(name, units, momentum, epsilon);
    }
  }

  private final Config config;
  private final Parameter gamma;
  private final Parameter beta;
  private final Parameter runningMean;
  private final Parameter runningVar;
  private long[] inputShape;
  private float[] xhat;
  private double[] invStd;

  public BatchNorm(Config config) {
    this.config = config;
    long f = config.features();
    this.gamma = new Parameter("weight", Nd4j.ones(DataType.FLOAT, f));
    this.beta = new Parameter("bias", Nd4j.zeros(DataType.FLOAT, f));
    this.runningMean = new Parameter("running_mean", Nd4j.zeros(DataType.FLOAT, f), false);
    this.runningVar = new Parameter("running_var", Nd4j.ones(DataType.FLOAT, f), false);
  }

  public BatchNorm(String name, long features) {
    this(new Config(name, features, 0.1, 1e-5));
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public INDArray forward(INDArray input, boolean training) {
    outputShape(Shapes.perExample(input));
    int b = (int) input.size(0);
    int c = (int) config.features();
    int s = (int) (input.length() / ((long) b * c));
    float[] x = input.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] y = new float[x.length];
    float[] g = gamma.value().toFloatVector();
    float[] bt = beta.value().toFloatVector();
    float[] rm = runningMean.value().toFloatVector();
    float[] rv = runningVar.value().toFloatVector();
    if (training) {
      xhat = new float[x.length];
      invStd = new double[c];
      long n = (long) b * s;
      for (int ch = 0; ch < c; ch++) {
        double sum = 0;
        for (int i = 0; i < b; i++) {
          int off = (i * c + ch) * s;
          for (int k = 0; k < s; k++) {
            sum += x[off + k];
          }
        }
        double mean = sum / n;
        double sq = 0;
        for (int i = 0; i < b; i++) {
          int off = (i * c + ch) * s;
          for (int k = 0; k < s; k++) {
            double d = x[off + k] - mean;
            sq += d * d;
          }
        }
        double var = sq / n;
        double inv = 1 / Math.sqrt(var + config.epsilon());
        invStd[ch] = inv;
        for (int i = 0; i < b; i++) {
          int off = (i * c + ch) * s;
          for (int k = 0; k < s; k++) {
            float h = (float) ((x[off + k] - mean) * inv);
            xhat[off + k] = h;
            y[off + k] = g[ch] * h + bt[ch];
          }
        }
        double m = config.momentum();
        double unbiased = n > 1 ? sq / (n - 1) : var;
        rm[ch] = (float) ((1 - m) * rm[ch] + m * mean);
        rv[ch] = (float) ((1 - m) * rv[ch] + m * unbiased);
      }
      runningMean.value().assign(Nd4j.create(rm));
      runningVar.value().assign(Nd4j.create(rv));
      inputShape = input.shape();
    } else {
      for (int ch = 0; ch < c; ch++) {
        double inv = 1 / Math.sqrt(rv[ch] + config.epsilon());
        double scale = g[ch] * inv;
        double shift = bt[ch] - rm[ch] * scale;
        for (int i = 0; i < b; i++) {
          int off = (i * c + ch) * s;
          for (int k = 0; k < s; k++) {
            y[off + k] = (float) (x[off + k] * scale + shift);
          }
        }
      }
    }
    return Nd4j.create(y, input.shape(), 'c');
  }

  @Override
  public INDArray backward(INDArray gradOutput) {
    if (xhat == null) {
      throw new IllegalStateException(
          "layer '" + name() + "': backward needs a forward in training mode first");
    }
    int b = (int) inputShape[0];
    int c = (int) config.features();
    int s = xhat.length / (b * c);
    long n = (long) b * s;
    float[] dy = gradOutput.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] dx = new float[dy.length];
    float[] g = gamma.value().toFloatVector();
    float[] dg = new float[c];
    float[] db = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double sumDy = 0;
      double sumDyXhat = 0;
      for (int i = 0; i < b; i++) {
        int off = (i * c + ch) * s;
        for (int k = 0; k < s; k++) {
          sumDy += dy[off + k];
          sumDyXhat += dy[off + k] * xhat[off + k];
        }
      }
      dg[ch] = (float) sumDyXhat;
      db[ch] = (float) sumDy;
      // dx = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂))
      double k1 = g[ch] * invStd[ch];
      double meanDy = sumDy / n;
      double meanDyXhat = sumDyXhat / n;
      for (int i = 0; i < b; i++) {
        int off = (i * c + ch) * s;
        for (int k = 0; k < s; k++) {
          dx[off + k] = (float) (k1 * (dy[off + k] - meanDy - xhat[off + k] * meanDyXhat));
        }
      }
    }
    gamma.grad().assign(Nd4j.create(dg));
    beta.grad().assign(Nd4j.create(db));
    return Nd4j.create(dx, inputShape, 'c');
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(gamma, beta, runningMean, runningVar);
  }

  @Override
  public Config config() {
    return config;
  }

  @Override
  public String toString() {
    return "BatchNorm(" + config.features() + ")";
  }
}
