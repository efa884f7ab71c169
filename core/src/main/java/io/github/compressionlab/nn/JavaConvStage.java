package io.github.compressionlab.nn;

import java.util.Arrays;

/**
 * Convolution on a zero-padded copy of the input, optionally fused with the ReLU and the max-pool
 * that follow it ({@link JavaEngine} fuses {@code conv → relu → maxpool} and {@code conv → relu}):
 * the output plane is computed into an accumulator laid out on the padded width, and the ReLU and
 * the pooling read it from there, so the full-size activation is never written out. ReLU commutes
 * with max, so {@code pool(relu(x)) = max(pool(x), 0)}.
 *
 * <p>With stride 1 every (output channel, tap) term is one long loop over the whole output plane
 * laid out on the padded width (the few extra columns are computed and dropped). With the Vector
 * API ({@link FloatVectorKernels}) the weights are laid out once in groups of four output channels
 * ({@code [group][tap][4]}, the taps whose four weights are all zero, such as pruned ones, left
 * out), and {@link FloatVectorKernels.Vectors#conv4} keeps four channels by two vectors of
 * positions in registers over all taps. Without it, plain loops that the JIT vectorizes run, two
 * output channels per pass for 3x3 kernels; zero weights skip their loop.
 */
final class JavaConvStage implements JavaStage {
  final int h, w, cin, cout, k, stride, pad, oh, ow, hp, wp;
  final float[] weight; // [cout][cin][k][k]
  final float[] bias;
  final float[] padded; // [cin][hp][wp] (+ slack for whole vectors)
  final float[] acc; // [cout][accStride], positions on the padded width, for stride 1
  final int accStride;
  // fused ops after the convolution: ReLU, and max-pooling (poolK 0: none)
  final boolean relu;
  final int poolK, poolStride, poh, pow;
  // Vector API form: output channels in groups of four, each with its non-zero taps
  private final int groups;
  private final float[] groupWeights; // [group][tap][4]
  private final int[][] groupTaps; // offsets into `padded` of each group's taps
  private final int[] groupWeightStart;
  private final float[] paddedBias; // cout rounded up to 4
  private final int vectorLen; // positions per channel computed: len rounded to 2 vectors

  JavaConvStage(Conv2d.Config c, PlanNode node) {
    this(c, node, false, null);
  }

  /**
   * The convolution of {@code node}, followed by a ReLU if {@code relu} and by {@code pool} if not
   * null (fused only for stride 1).
   */
  JavaConvStage(Conv2d.Config c, PlanNode node, boolean relu, MaxPool2d.Config pool) {
    long[] chw = node.inputShape();
    this.cin = (int) chw[0];
    this.h = (int) chw[1];
    this.w = (int) chw[2];
    this.cout = (int) c.outChannels();
    this.k = c.kernel();
    this.stride = c.stride();
    this.pad = c.padding();
    this.hp = h + 2 * pad;
    this.wp = w + 2 * pad;
    this.oh = (hp - k) / stride + 1;
    this.ow = (wp - k) / stride + 1;
    if ((relu || pool != null) && stride != 1) {
      throw new IllegalArgumentException("only stride-1 convolutions fuse the ops after them");
    }
    this.relu = relu;
    this.poolK = pool == null ? 0 : pool.kernel();
    this.poolStride = pool == null ? 0 : pool.stride();
    this.poh = pool == null ? oh : (oh - poolK) / poolStride + 1;
    this.pow = pool == null ? ow : (ow - poolK) / poolStride + 1;
    this.weight = node.tensor("weight").dup('c').data().asFloat();
    this.bias = node.tensor("bias").dup('c').data().asFloat();
    int inPlane = hp * wp;
    int len = (oh - 1) * wp + ow;
    boolean vector = FloatVectorKernels.AVAILABLE && stride == 1;
    if (vector) {
      vectorLen = FloatVectorKernels.roundUp(len, 2 * FloatVectorKernels.LANES);
      // the last tap of the last channel reads up to cin·inPlane − len + vectorLen − 1
      padded = new float[cin * inPlane + vectorLen - len];
      groups = (cout + 3) / 4;
      accStride = vectorLen;
      acc = new float[groups * 4 * accStride];
      paddedBias = Arrays.copyOf(bias, groups * 4);
      int taps = cin * k * k;
      float[] gw = new float[groups * taps * 4];
      groupTaps = new int[groups][];
      groupWeightStart = new int[groups];
      int wi = 0;
      for (int g = 0; g < groups; g++) {
        groupWeightStart[g] = wi;
        int[] offs = new int[taps];
        int n = 0;
        for (int i = 0; i < cin; i++) {
          for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
              float[] four = new float[4];
              boolean any = false;
              for (int q = 0; q < 4; q++) {
                int o = 4 * g + q;
                four[q] = o < cout ? weight[((o * cin + i) * k + ky) * k + kx] : 0f;
                any |= four[q] != 0f;
              }
              if (!any) {
                continue; // pruned (or padding) weights: the tap is left out
              }
              System.arraycopy(four, 0, gw, wi, 4);
              wi += 4;
              offs[n++] = i * inPlane + ky * wp + kx;
            }
          }
        }
        groupTaps[g] = Arrays.copyOf(offs, n);
      }
      groupWeights = Arrays.copyOf(gw, wi);
    } else {
      vectorLen = 0;
      padded = new float[cin * inPlane];
      groups = 0;
      accStride = oh * wp;
      acc = stride == 1 ? new float[cout * accStride] : null;
      paddedBias = null;
      groupWeights = null;
      groupTaps = null;
      groupWeightStart = null;
    }
  }

  @Override
  public int outSize() {
    return cout * poh * pow;
  }

  @Override
  public String describe(String name) {
    return name + (relu ? "+relu" : "") + (poolK > 0 ? "+maxpool" : "");
  }

  @Override
  public void run(float[] in, float[] out) {
    float[] src = in;
    if (pad > 0 || groupWeights != null) {
      for (int i = 0; i < cin; i++) {
        for (int y = 0; y < h; y++) {
          System.arraycopy(in, (i * h + y) * w, padded, (i * hp + y + pad) * wp + pad, w);
        }
      }
      src = padded;
    }
    if (groupWeights != null) {
      for (int g = 0; g < groups; g++) {
        int o = 4 * g;
        FloatVectorKernels.Vectors.conv4(
            src,
            groupTaps[g],
            groupTaps[g].length,
            groupWeights,
            groupWeightStart[g],
            paddedBias[o],
            paddedBias[o + 1],
            paddedBias[o + 2],
            paddedBias[o + 3],
            acc,
            o * accStride,
            accStride,
            vectorLen);
      }
      emit(out);
    } else if (stride == 1) {
      runStride1(src);
      emit(out);
    } else {
      runStrided(src, out);
    }
  }

  /** The accumulator's planes to {@code out}: cropped to the output width, ReLU, pooling. */
  private void emit(float[] out) {
    if (poolK == 0) {
      for (int o = 0; o < cout; o++) {
        for (int y = 0; y < oh; y++) {
          int a = o * accStride + y * wp;
          int d = (o * oh + y) * ow;
          if (relu) {
            for (int x = 0; x < ow; x++) {
              out[d + x] = Math.max(acc[a + x], 0f);
            }
          } else {
            System.arraycopy(acc, a, out, d, ow);
          }
        }
      }
      return;
    }
    for (int o = 0; o < cout; o++) {
      int plane = o * accStride;
      for (int py = 0; py < poh; py++) {
        int d = (o * poh + py) * pow;
        int rowBase = plane + py * poolStride * wp;
        for (int px = 0; px < pow; px++) {
          int base = rowBase + px * poolStride;
          float m = acc[base];
          for (int dy = 0; dy < poolK; dy++) {
            int row = base + dy * wp;
            for (int dx = 0; dx < poolK; dx++) {
              m = Math.max(m, acc[row + dx]);
            }
          }
          out[d + px] = relu ? Math.max(m, 0f) : m;
        }
      }
    }
  }

  private void runStride1(float[] src) {
    int plane = accStride;
    int len = (oh - 1) * wp + ow;
    int inPlane = hp * wp;
    int o0 = 0;
    if (k == 3) {
      for (; o0 + 2 <= cout; o0 += 2) {
        runPair3x3(src, o0, plane, len, inPlane);
      }
    }
    for (int o = o0; o < cout; o++) {
      int a = o * plane;
      Arrays.fill(acc, a, a + plane, bias[o]);
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
    }
  }

  /**
   * Output channels {@code o} and {@code o + 1} of a 3x3 stride-1 convolution together: each input
   * value loaded once feeds six multiply-adds.
   */
  private void runPair3x3(float[] src, int o, int plane, int len, int inPlane) {
    int a = o * plane;
    int b = a + plane;
    Arrays.fill(acc, a, a + plane, bias[o]);
    Arrays.fill(acc, b, b + plane, bias[o + 1]);
    for (int i = 0; i < cin; i++) {
      int wa = (o * cin + i) * 9;
      int wb = ((o + 1) * cin + i) * 9;
      for (int ky = 0; ky < 3; ky++) {
        float a0 = weight[wa + 3 * ky], a1 = weight[wa + 3 * ky + 1], a2 = weight[wa + 3 * ky + 2];
        float b0 = weight[wb + 3 * ky], b1 = weight[wb + 3 * ky + 1], b2 = weight[wb + 3 * ky + 2];
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
  }

  private void runStrided(float[] src, float[] out) {
    int inPlane = hp * wp;
    for (int o = 0; o < cout; o++) {
      int ob = o * oh * ow;
      Arrays.fill(out, ob, ob + oh * ow, bias[o]);
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
