package io.github.compressionlab.nn;

import java.util.Arrays;

/**
 * Convolution on a zero-padded copy of the input. With stride 1 every (output channel, input
 * channel, ky, kx) term is one long loop over the whole output plane laid out on the padded width
 * (the few extra columns are computed and dropped), which the JIT vectorizes; zero weights, such as
 * pruned ones, skip their loop.
 */
final class JavaConvStage implements JavaStage {
  final int h, w, cin, cout, k, stride, pad, oh, ow, hp, wp;
  final float[] weight; // [cout][cin][k][k]
  final float[] bias;
  final float[] padded; // [cin][hp][wp]
  final float[] acc; // [cout][oh·wp] for stride 1

  JavaConvStage(Conv2d.Config c, PlanNode node) {
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
    this.weight = node.tensor("weight").dup('c').data().asFloat();
    this.bias = node.tensor("bias").dup('c').data().asFloat();
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
      for (int y = 0; y < oh; y++) {
        System.arraycopy(acc, a + y * wp, out, (o * oh + y) * ow, ow);
      }
    }
  }

  /**
   * Output channels {@code o} and {@code o + 1} of a 3x3 stride-1 convolution together: each input
   * value loaded once feeds six multiply-adds.
   */
  private void runPair3x3(float[] src, float[] out, int o, int plane, int len, int inPlane) {
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
    for (int y = 0; y < oh; y++) {
      System.arraycopy(acc, a + y * wp, out, (o * oh + y) * ow, ow);
      System.arraycopy(acc, b + y * wp, out, ((o + 1) * oh + y) * ow, ow);
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
