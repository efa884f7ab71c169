package io.github.compressionlab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float32 inference in plain Java loops, one example at a time: the lab's fast path for small
 * models at batch 1, where a native library spends more time crossing into C++ and back than
 * computing.
 *
 * <p>{@link #of} copies the model's weights once into plain arrays. Activations stay in the model's
 * own channels-first order. A stride-1 convolution computes each (output channel, input channel,
 * ky, kx) term as one long loop over the whole zero-padded output plane, and a dense layer as one
 * loop over all output units per input; the JIT compiles both to SIMD instructions. Zero weights
 * (pruned ones) and zero inputs of dense layers (about half, after a ReLU) are skipped. The engine
 * holds a snapshot: later changes to the model's weights are not seen; compile again. One engine
 * runs one prediction at a time (it reuses its buffers).
 *
 * <p>Supported layers: {@link Conv2d}, {@link MaxPool2d}, {@link ReLU}, {@link Flatten}, {@link
 * Dense} and {@link Dropout} (the identity at inference). At larger batches ND4J's native matrix
 * products are faster; measure both with {@code measure.Latency}.
 */
public final class JavaEngine implements InferenceModel {

  /** One compiled stage working on a channels-last float array of one example. */
  private interface Stage {
    int outSize();

    void run(float[] in, float[] out);
  }

  private final long[] inputShape;
  private final int numClasses;
  private final List<Stage> stages;
  private final int maxSize;
  private final String description;

  private JavaEngine(long[] inputShape, int numClasses, List<Stage> stages, String description) {
    this.inputShape = inputShape.clone();
    this.numClasses = numClasses;
    this.stages = List.copyOf(stages);
    int max = (int) Shapes.product(inputShape);
    for (Stage s : stages) {
      max = Math.max(max, s.outSize());
    }
    this.maxSize = max;
    this.description = description;
  }

  /** Compiles {@code model} (a snapshot of its current weights). */
  public static JavaEngine of(Sequential model) {
    long[] shape = model.inputShape().clone();
    List<Stage> stages = new ArrayList<>();
    // Shape {C, H, W} of the current activation while it is an image; null once it is a vector.
    int[] hwc =
        shape.length == 3 ? new int[] {(int) shape[0], (int) shape[1], (int) shape[2]} : null;
    if (shape.length != 3 && shape.length != 1) {
      throw new IllegalArgumentException(
          "JavaEngine runs image models with input [C, H, W] or vector models with input [N]; got "
              + Shapes.str(shape));
    }
    StringBuilder names = new StringBuilder();
    for (Layer layer : model.layers()) {
      if (names.length() > 0) {
        names.append(" → ");
      }
      names.append(layer.name());
      if (layer instanceof Conv2d c) {
        requireImage(hwc, layer);
        Conv2d.Config k = c.config();
        ConvStage s = new ConvStage(c, hwc);
        stages.add(s);
        hwc = new int[] {(int) k.outChannels(), s.oh, s.ow};
      } else if (layer instanceof MaxPool2d p) {
        requireImage(hwc, layer);
        PoolStage s = new PoolStage(p.config().kernel(), p.config().stride(), hwc);
        stages.add(s);
        hwc = new int[] {hwc[0], s.oh, s.ow};
      } else if (layer instanceof ReLU) {
        stages.add(new ReluStage(size(hwc, shape, stages)));
      } else if (layer instanceof Dropout) {
        // identity at inference
      } else if (layer instanceof Flatten) {
        // the identity: channels-first order is already the flattened order
        hwc = null;
      } else if (layer instanceof Dense d) {
        if (hwc != null) {
          throw new IllegalArgumentException(
              "dense layer '" + layer.name() + "' follows an image; put flatten() before it");
        }
        int in = size(null, shape, stages);
        if (d.in() != in) {
          throw new IllegalArgumentException(
              "dense layer '" + layer.name() + "' expects " + d.in() + " inputs but gets " + in);
        }
        stages.add(new DenseStage(d));
      } else {
        throw new IllegalArgumentException(
            "JavaEngine cannot run layer '"
                + layer.name()
                + "' ("
                + layer.getClass().getSimpleName()
                + "); it runs Conv2d, MaxPool2d, ReLU, Flatten, Dense and Dropout. Use the"
                + " Sequential itself (ND4J) for this model");
      }
    }
    if (hwc != null) {
      throw new IllegalArgumentException(
          "the model ends in an image; end it with flatten() and a dense layer");
    }
    return new JavaEngine(shape, model.numClasses(), stages, names.toString());
  }

  private static void requireImage(int[] hwc, Layer layer) {
    if (hwc == null) {
      throw new IllegalArgumentException(
          "layer '" + layer.name() + "' needs an image input [C, H, W], but follows a flatten");
    }
  }

  private static int size(int[] hwc, long[] inputShape, List<Stage> stages) {
    if (hwc != null) {
      return hwc[0] * hwc[1] * hwc[2];
    }
    return stages.isEmpty()
        ? (int) Shapes.product(inputShape)
        : stages.get(stages.size() - 1).outSize();
  }

  @Override
  public synchronized INDArray predict(INDArray x) {
    long[] perExample = Shapes.perExample(x);
    if (!Arrays.equals(perExample, inputShape)) {
      throw new IllegalArgumentException(
          "the model expects inputs [N, "
              + Shapes.str(inputShape).replaceAll("[\\[\\]]", "")
              + "] but got "
              + Shapes.str(x.shape()));
    }
    int n = (int) x.size(0);
    int inSize = (int) Shapes.product(inputShape);
    float[] all = x.dup('c').castTo(DataType.FLOAT).data().asFloat();
    float[] result = new float[n * numClasses];
    float[] a = new float[maxSize];
    float[] b = new float[maxSize];
    float[] example = new float[inSize];
    for (int e = 0; e < n; e++) {
      System.arraycopy(all, e * inSize, example, 0, inSize);
      float[] in = example;
      for (Stage s : stages) {
        float[] out = in == a ? b : a;
        s.run(in, out);
        in = out;
      }
      System.arraycopy(in, 0, result, e * numClasses, numClasses);
    }
    return Nd4j.create(result, new long[] {n, numClasses}, 'c');
  }

  @Override
  public long[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public String toString() {
    return "JavaEngine(" + description + ")";
  }

  /**
   * Convolution on a zero-padded copy of the input. With stride 1 every (output channel, input
   * channel, ky, kx) term is one long loop over the whole output plane laid out on the padded width
   * (the few extra columns are computed and dropped), which the JIT vectorizes; zero weights, such
   * as pruned ones, skip their loop.
   */
  private static final class ConvStage implements Stage {
    final int h, w, cin, cout, k, stride, pad, oh, ow, hp, wp;
    final float[] weight; // [cout][cin][k][k]
    final float[] bias;
    final float[] padded; // [cin][hp][wp]
    final float[] acc; // [cout][oh·wp] for stride 1

    ConvStage(Conv2d conv, int[] chw) {
      Conv2d.Config c = conv.config();
      this.cin = chw[0];
      this.h = chw[1];
      this.w = chw[2];
      if (cin != c.inChannels()) {
        throw new IllegalArgumentException(
            "conv2d layer '"
                + c.name()
                + "' expects "
                + c.inChannels()
                + " input channels but gets "
                + cin);
      }
      this.cout = (int) c.outChannels();
      this.k = c.kernel();
      this.stride = c.stride();
      this.pad = c.padding();
      this.hp = h + 2 * pad;
      this.wp = w + 2 * pad;
      this.oh = (hp - k) / stride + 1;
      this.ow = (wp - k) / stride + 1;
      this.weight = conv.weight().value().dup('c').data().asFloat();
      this.bias = conv.bias().value().dup('c').data().asFloat();
      this.padded = new float[cin * hp * wp];
      this.acc = stride == 1 ? new float[cout * oh * wp] : null;
    }

    @Override
    public int outSize() {
      return cout * oh * ow;
    }

    @Override
    public void run(float[] in, float[] out) {
      float[] src = in;
      if (pad > 0) {
        for (int i = 0; i < cin; i++) {
          for (int y = 0; y < h; y++) {
            System.arraycopy(in, (i * h + y) * w, padded, (i * hp + y + pad) * wp + pad, w);
          }
        }
        src = padded;
      }
      if (stride == 1) {
        runStride1(src, out);
      } else {
        runStrided(src, out);
      }
    }

    private void runStride1(float[] src, float[] out) {
      int plane = oh * wp;
      int len = (oh - 1) * wp + ow;
      int inPlane = hp * wp;
      int o0 = 0;
      if (k == 3) {
        for (; o0 + 2 <= cout; o0 += 2) {
          runPair3x3(src, out, o0, plane, len, inPlane);
        }
      }
      for (int o = o0; o < cout; o++) {
        int a = o * plane;
        java.util.Arrays.fill(acc, a, a + plane, bias[o]);
        for (int i = 0; i < cin; i++) {
          int wb = (o * cin + i) * k * k;
          for (int ky = 0; ky < k; ky++) {
            int s = i * inPlane + ky * wp;
            int kx = 0;
            // three taps of a kernel row per pass: a third of the loads and stores of acc
            for (; kx + 3 <= k; kx += 3) {
              float w0 = weight[wb + ky * k + kx];
              float w1 = weight[wb + ky * k + kx + 1];
              float w2 = weight[wb + ky * k + kx + 2];
              if (w0 == 0f && w1 == 0f && w2 == 0f) {
                continue;
              }
              int s0 = s + kx;
              for (int j = 0; j < len; j++) {
                acc[a + j] += w0 * src[s0 + j] + w1 * src[s0 + j + 1] + w2 * src[s0 + j + 2];
              }
            }
            for (; kx < k; kx++) {
              float wv = weight[wb + ky * k + kx];
              if (wv == 0f) {
                continue;
              }
              int s0 = s + kx;
              for (int j = 0; j < len; j++) {
                acc[a + j] += wv * src[s0 + j];
              }
            }
          }
        }
        for (int y = 0; y < oh; y++) {
          System.arraycopy(acc, a + y * wp, out, (o * oh + y) * ow, ow);
        }
      }
    }

    /**
     * Output channels {@code o} and {@code o + 1} of a 3x3 stride-1 convolution together: each
     * input value loaded once feeds six multiply-adds.
     */
    private void runPair3x3(float[] src, float[] out, int o, int plane, int len, int inPlane) {
      int a = o * plane;
      int b = a + plane;
      java.util.Arrays.fill(acc, a, a + plane, bias[o]);
      java.util.Arrays.fill(acc, b, b + plane, bias[o + 1]);
      for (int i = 0; i < cin; i++) {
        int wa = (o * cin + i) * 9;
        int wb = ((o + 1) * cin + i) * 9;
        for (int ky = 0; ky < 3; ky++) {
          float a0 = weight[wa + 3 * ky],
              a1 = weight[wa + 3 * ky + 1],
              a2 = weight[wa + 3 * ky + 2];
          float b0 = weight[wb + 3 * ky],
              b1 = weight[wb + 3 * ky + 1],
              b2 = weight[wb + 3 * ky + 2];
          if (a0 == 0f && a1 == 0f && a2 == 0f && b0 == 0f && b1 == 0f && b2 == 0f) {
            continue;
          }
          int s = i * inPlane + ky * wp;
          for (int j = 0; j < len; j++) {
            float x0 = src[s + j];
            float x1 = src[s + j + 1];
            float x2 = src[s + j + 2];
            acc[a + j] += a0 * x0 + a1 * x1 + a2 * x2;
            acc[b + j] += b0 * x0 + b1 * x1 + b2 * x2;
          }
        }
      }
      for (int y = 0; y < oh; y++) {
        System.arraycopy(acc, a + y * wp, out, (o * oh + y) * ow, ow);
        System.arraycopy(acc, b + y * wp, out, ((o + 1) * oh + y) * ow, ow);
      }
    }

    private void runStrided(float[] src, float[] out) {
      int inPlane = hp * wp;
      for (int o = 0; o < cout; o++) {
        int ob = o * oh * ow;
        java.util.Arrays.fill(out, ob, ob + oh * ow, bias[o]);
        for (int i = 0; i < cin; i++) {
          int wb = (o * cin + i) * k * k;
          for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
              float wv = weight[wb + ky * k + kx];
              if (wv == 0f) {
                continue;
              }
              for (int y = 0; y < oh; y++) {
                int s = i * inPlane + (y * stride + ky) * wp + kx;
                int d = ob + y * ow;
                for (int x = 0; x < ow; x++) {
                  out[d + x] += wv * src[s + x * stride];
                }
              }
            }
          }
        }
      }
    }
  }

  /** Max pooling without padding, channels-first. */
  private static final class PoolStage implements Stage {
    final int k, stride, h, w, c, oh, ow;

    PoolStage(int k, int stride, int[] chw) {
      this.k = k;
      this.stride = stride;
      this.c = chw[0];
      this.h = chw[1];
      this.w = chw[2];
      this.oh = (h - k) / stride + 1;
      this.ow = (w - k) / stride + 1;
    }

    @Override
    public int outSize() {
      return oh * ow * c;
    }

    @Override
    public void run(float[] in, float[] out) {
      for (int ch = 0; ch < c; ch++) {
        for (int y = 0; y < oh; y++) {
          int d = (ch * oh + y) * ow;
          for (int x = 0; x < ow; x++) {
            int base = (ch * h + y * stride) * w + x * stride;
            float m = in[base];
            for (int ky = 0; ky < k; ky++) {
              int row = base + ky * w;
              for (int kx = 0; kx < k; kx++) {
                m = Math.max(m, in[row + kx]);
              }
            }
            out[d + x] = m;
          }
        }
      }
    }
  }

  private static final class ReluStage implements Stage {
    final int n;

    ReluStage(int n) {
      this.n = n;
    }

    @Override
    public int outSize() {
      return n;
    }

    @Override
    public void run(float[] in, float[] out) {
      for (int i = 0; i < n; i++) {
        out[i] = Math.max(in[i], 0f);
      }
    }
  }

  /** out[j] = b[j] + Σ_i x[i]·W[i][j], skipping zero inputs. */
  private static final class DenseStage implements Stage {
    final int in, out;
    final float[] weight; // [in][out]
    final float[] bias;

    DenseStage(Dense d) {
      this.in = (int) d.in();
      this.out = (int) d.out();
      this.weight = d.weight().value().dup('c').data().asFloat(); // [in][out]
      this.bias = d.bias().value().dup('c').data().asFloat();
    }

    @Override
    public int outSize() {
      return out;
    }

    @Override
    public void run(float[] x, float[] y) {
      System.arraycopy(bias, 0, y, 0, out);
      for (int i = 0; i < in; i++) {
        float v = x[i];
        if (v != 0f) {
          int base = i * out;
          for (int j = 0; j < out; j++) {
            y[j] += v * weight[base + j];
          }
        }
      }
    }
  }
}
