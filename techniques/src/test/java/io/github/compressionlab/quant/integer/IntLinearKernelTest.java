package io.github.compressionlab.quant.integer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.compressionlab.quant.scheme.QuantParams;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The int8 kernels ({@link IntAxpy}: Vector API when the module is present, else plain loops)
 * against the definition {@code acc = Σ_i (x_i − z) · w[o, i]}, computed here one multiply at a
 * time: results must be identical integers. Sizes are odd so every vector loop has a tail.
 */
class IntLinearKernelTest {
  /** int8 values, a quarter of them at {@code zero} (blank inputs, pruned weights). */
  static byte[] int8(int length, int lo, int hi, int zero, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (r.nextInt(4) == 0 ? zero : r.nextInt(lo, hi + 1));
    }
    return b;
  }

  static IntLinear layer(int n, int k, byte[] w, int zeroPoint, IntLinear.Conv conv) {
    float[] ones = new float[n];
    java.util.Arrays.fill(ones, 1f);
    return new IntLinear(
        new IntLinear.Spec(
            "l",
            n,
            k,
            w,
            ones,
            new float[n],
            8,
            new QuantParams(0.1, zeroPoint, -128, 127),
            null,
            conv));
  }

  @Test
  void dense_batch3_matchesDefinition() {
    // 37 inputs → 53 outputs (not multiples of 4, 8 or 16), batch 3, zero point -37
    int n = 53;
    int k = 37;
    int z = -37;
    byte[] w = int8(n * k, -127, 127, 0, 1);
    byte[] x = int8(3 * k, -128, 127, z, 2);
    int[] expected = new int[3 * n];
    for (int e = 0; e < 3; e++) {
      for (int o = 0; o < n; o++) {
        for (int i = 0; i < k; i++) {
          expected[e * n + o] += (x[e * k + i] - z) * w[o * k + i];
        }
      }
    }
    assertArrayEquals(expected, layer(n, k, w, z, null).accumulate(x, 3));
  }

  @Test
  void dense_batch6_fourExamplesAtATime_matchDefinition() {
    // batch 6: one block of four examples plus two alone; 37 inputs = 9 blocks of four plus one;
    // inputs half at the zero point 5 so some blocks of sixteen are all zero and skipped
    int n = 19;
    int k = 37;
    int z = 5;
    byte[] w = int8(n * k, -127, 127, 0, 21);
    byte[] x = int8(6 * k, -128, 127, z, 22);
    for (int i = 0; i < x.length; i += 2) {
      x[i] = (byte) z;
    }
    int[] expected = new int[6 * n];
    for (int e = 0; e < 6; e++) {
      for (int o = 0; o < n; o++) {
        for (int i = 0; i < k; i++) {
          expected[e * n + o] += (x[e * k + i] - z) * w[o * k + i];
        }
      }
    }
    assertArrayEquals(expected, layer(n, k, w, z, null).accumulate(x, 6));
  }

  @Test
  void dense_extremeValues_matchDefinition() {
    // every input 127 with zero point -128 (x − z = 255), every weight -127: 300 · 255 · -127
    int n = 17;
    int k = 300;
    byte[] w = new byte[n * k];
    java.util.Arrays.fill(w, (byte) -127);
    byte[] x = new byte[k];
    java.util.Arrays.fill(x, (byte) 127);
    int[] expected = new int[n];
    java.util.Arrays.fill(expected, 300 * 255 * -127);
    assertArrayEquals(expected, layer(n, k, w, -128, null).accumulate(x, 1));
  }

  @Test
  void conv_paddedStride1And2_matchDefinition() {
    for (int stride = 1; stride <= 2; stride++) {
      // 3 channels of 9×11, 3×3 kernel, padding 1 (padded taps read the zero point: real 0)
      IntLinear.Conv c = new IntLinear.Conv(3, 9, 11, 3, stride, 1);
      int n = 5;
      int k = 3 * 3 * 3;
      int z = 12;
      byte[] w = int8(n * k, -127, 127, 0, 3 + stride);
      byte[] x = int8(2 * 3 * 9 * 11, -128, 127, z, 5 + stride);
      int oh = c.outH();
      int ow = c.outW();
      int[] expected = new int[2 * n * oh * ow];
      for (int e = 0; e < 2; e++) {
        for (int o = 0; o < n; o++) {
          for (int y = 0; y < oh; y++) {
            for (int xx = 0; xx < ow; xx++) {
              int s = 0;
              for (int ch = 0; ch < 3; ch++) {
                for (int dy = 0; dy < 3; dy++) {
                  for (int dx = 0; dx < 3; dx++) {
                    int iy = y * stride - 1 + dy;
                    int ix = xx * stride - 1 + dx;
                    boolean in = iy >= 0 && iy < 9 && ix >= 0 && ix < 11;
                    int v = in ? x[((e * 3 + ch) * 9 + iy) * 11 + ix] : z;
                    s += (v - z) * w[o * k + (ch * 3 + dy) * 3 + dx];
                  }
                }
              }
              expected[((e * n + o) * oh + y) * ow + xx] = s;
            }
          }
        }
      }
      assertArrayEquals(expected, layer(n, k, w, z, c).accumulate(x, 2), "stride " + stride);
    }
  }

  @Test
  void axpy4_oddLength_matchesScalarSum() {
    // acc[j] += 3·v[j] − 5·v[40 + j] + 7·v[80 + j] − 127·v[120 + j], 37 lanes (tail included)
    byte[] v = int8(160, -128, 127, 0, 9);
    int[] acc = new int[40];
    int[] expected = new int[40];
    for (int j = 0; j < 37; j++) {
      acc[j + 3] = j;
      expected[j + 3] = j + 3 * v[j] - 5 * v[40 + j] + 7 * v[80 + j] - 127 * v[120 + j];
    }
    IntAxpy.axpy4(3, -5, 7, -127, v, 0, 40, 80, 120, acc, 3, 37);
    assertArrayEquals(expected, acc);
  }

  @Test
  void requantize_roundsAsMathRound_includingHalvesAndClamps() {
    // acc · m + b over -301..301 with m = 0.5 (every .5 case, both signs) and m = 0.01 plus offsets
    // just below one half (0.49999997 must round to 0, not 1); 603 values cover vector and tail.
    int[] acc = new int[603];
    for (int j = 0; j < acc.length; j++) {
      acc[j] = j - 301;
    }
    float[][] cases = {{0.5f, 0f}, {0.5f, 0.25f}, {0.01f, 0.49999997f}, {0.01f, -0.5f}, {3f, 1e6f}};
    for (float[] c : cases) {
      for (int lo : new int[] {-128, -3}) {
        byte[] got = new byte[acc.length];
        IntAxpy.requantize(acc, 0, acc.length, c[0], c[1], lo, got, 0);
        byte[] expected = new byte[acc.length];
        for (int j = 0; j < acc.length; j++) {
          expected[j] = (byte) Math.max(lo, Math.min(127, Math.round(acc[j] * c[0] + c[1])));
        }
        assertArrayEquals(expected, got, "m " + c[0] + ", b " + c[1] + ", lo " + lo);
      }
    }
  }

  @Test
  void quantize_roundsAsMathRound() {
    // inputs k/8 for k = -2000..2000 (halves and quarters), scale 1/0.5, zero point 5
    float[] in = new float[4001];
    for (int j = 0; j < in.length; j++) {
      in[j] = (j - 2000) / 8f;
    }
    byte[] got = new byte[in.length];
    IntAxpy.quantize(in, 0, in.length, 2f, 5, got);
    for (int j = 0; j < in.length; j++) {
      assertEquals((byte) Math.max(-128, Math.min(127, Math.round(in[j] * 2f) + 5)), got[j]);
    }
  }
}
