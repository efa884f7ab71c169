package io.github.compressionlab.quant.integer;

import io.github.compressionlab.quant.scheme.QuantParams;

/**
 * A dense or conv layer on int8: {@code acc = Σ (x_q − z_x) · w_q} in int32, then either
 * requantized to the next layer's int8 grid, {@code y_q = clamp(rint(acc · s_x·s_w/s_y + b/s_y) +
 * z_y)}, or (last layer) dequantized to float logits {@code acc · s_x·s_w + b}. Weights are
 * symmetric (zero point 0), so the input zero point enters only through the precomputed row sums:
 * {@code Σ (x − z)·w = Σ x·w − z·Σ w}. The requantization multiplier is kept as a float, not as
 * gemmlowp's fixed-point integer; it runs once per output, not per multiply.
 *
 * <p>Weights are {@code [out, k]} row-major: for a dense layer the transpose of its {@code [in,
 * out]} weight, for a conv layer {@code [outC, inC·kernel·kernel]}. A conv runs as im2col on int8
 * plus the integer gemm; the padding value is the input zero point (real 0).
 */
final class IntLinear implements IntLayer {
  /** Reductions shorter than this use the axpy kernel (see {@link IntGemm#weightsTimesCols}). */
  static final int SHORT_K = 32;

  /**
   * Everything an integer layer is made of, fixed before it is built.
   *
   * @param name the layer's name
   * @param n output units (neurons, filters)
   * @param k inputs per output: {@code in} for dense, {@code inC·kernel²} for conv
   * @param weights levels {@code [n, k]} row-major
   * @param weightScale one scale per output unit
   * @param bias one float per output unit
   * @param bits weight bits (8, or 4 and fewer stored packed)
   * @param input the int8 grid of the layer's input
   * @param output the int8 grid the outputs are requantized to (the next layer's input grid), or
   *     null for the last layer, whose outputs are dequantized to float logits
   * @param conv the geometry of a conv layer, or null for a dense one
   */
  record Spec(
      String name,
      int n,
      int k,
      byte[] weights,
      float[] weightScale,
      float[] bias,
      int bits,
      QuantParams input,
      QuantParams output,
      Conv conv) {
    Spec {
      if (weights.length != (long) n * k || weightScale.length != n || bias.length != n) {
        throw new IllegalArgumentException(
            "integer layer '"
                + name
                + "' needs "
                + n
                + "x"
                + k
                + " weights and "
                + n
                + " scales and biases; got "
                + weights.length
                + ", "
                + weightScale.length
                + " and "
                + bias.length);
      }
    }
  }

  final String name;
  final int n;
  final int k;
  final byte[] weights;
  final float[] weightScale;
  final float[] bias;
  final int bits;
  final QuantParams input;
  final QuantParams output; // null for the last layer, whose output is dequantized
  final Conv conv; // null for a dense layer
  private final int[] rowSum;
  // For the Vector API kernels (IntAxpy.VECTOR): a dense layer's weights input-major, [k, n] (a
  // second int8 copy, k·n bytes); a conv layer's non-zero weights per output channel, with the
  // offsets of their im2col rows.
  private final byte[] byInput;
  private final int[][] convTapValues;
  private final int[][] convTapOffsets;
  // A conv layer's weights in blocks of 4 outputs × 4 taps (IntAxpy.block4x4), when not sparse.
  private final int[] convBlocks;
  // Per output channel, the requantization multiplier s_x·s_w/s_y and offset b/s_y + z_y; null for
  // the last layer.
  private final float[] requantScale;
  private final float[] requantOffset;

  /** Geometry of a conv layer: input {@code [inC, h, w]}, square kernel. */
  record Conv(int inC, int h, int w, int kernel, int stride, int padding) {
    int outH() {
      return (h + 2 * padding - kernel) / stride + 1;
    }

    int outW() {
      return (w + 2 * padding - kernel) / stride + 1;
    }
  }

  IntLinear(Spec spec) {
    this.name = spec.name();
    this.n = spec.n();
    this.k = spec.k();
    this.weights = spec.weights();
    this.weightScale = spec.weightScale();
    this.bias = spec.bias();
    this.bits = spec.bits();
    this.input = spec.input();
    this.output = spec.output();
    this.conv = spec.conv();
    this.rowSum = new int[n];
    for (int o = 0; o < n; o++) {
      int s = 0;
      for (int i = 0; i < k; i++) {
        s += weights[o * k + i];
      }
      rowSum[o] = s;
    }
    if (IntAxpy.VECTOR && conv == null) {
      int nPad = IntAxpy.padded(n);
      byInput = new byte[k * nPad];
      for (int o = 0; o < n; o++) {
        for (int i = 0; i < k; i++) {
          byInput[i * nPad + o] = weights[o * k + i];
        }
      }
    } else {
      byInput = null;
    }
    int nonZero = 0; // of a conv layer's weights, counted while listing its taps
    if (IntAxpy.VECTOR && conv != null) {
      int p = IntAxpy.padded(conv.outH() * conv.outW());
      convTapValues = new int[n][];
      convTapOffsets = new int[n][];
      for (int o = 0; o < n; o++) {
        int count = 0;
        for (int i = 0; i < k; i++) {
          count += weights[o * k + i] != 0 ? 1 : 0;
        }
        nonZero += count;
        int[] v = new int[count];
        int[] off = new int[count];
        int m = 0;
        for (int i = 0; i < k; i++) {
          if (weights[o * k + i] != 0) {
            v[m] = weights[o * k + i];
            off[m++] = i * p;
          }
        }
        convTapValues[o] = v;
        convTapOffsets[o] = off;
      }
    } else {
      convTapValues = null;
      convTapOffsets = null;
    }
    if (IntAxpy.VECTOR && conv != null && n >= 4 && k >= 4 && nonZero * 2 > weights.length) {
      int kb = k / 4;
      convBlocks = new int[(n / 4) * kb * 16];
      for (int ob = 0; ob < n / 4; ob++) {
        for (int ib = 0; ib < kb; ib++) {
          for (int q = 0; q < 4; q++) {
            for (int t = 0; t < 4; t++) {
              convBlocks[(ob * kb + ib) * 16 + 4 * q + t] = weights[(4 * ob + q) * k + 4 * ib + t];
            }
          }
        }
      }
    } else {
      convBlocks = null; // pruned (mostly zero) weights: the per-output lists skip the zeros
    }
    if (output != null) {
      requantScale = new float[n];
      requantOffset = new float[n];
      for (int o = 0; o < n; o++) {
        requantScale[o] = (float) (input.scale() * weightScale[o] / output.scale());
        requantOffset[o] = (float) (bias[o] / output.scale()) + output.zeroPoint();
      }
    } else {
      requantScale = null;
      requantOffset = null;
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String describe() {
    return (conv == null ? "int8 gemm " : "int8 im2col+gemm ")
        + n
        + "x"
        + k
        + (output == null ? " → float" : " → int8");
  }

  @Override
  public int weightBits() {
    return bits;
  }

  @Override
  public long weightBytes() {
    return bits <= 4 ? (long) n * Int4.packedCols(k) : (long) n * k;
  }

  /** Outputs per example: {@code n} for dense, {@code n·outH·outW} for conv. */
  int outSize() {
    return conv == null ? n : n * conv.outH() * conv.outW();
  }

  /** Positions per output channel: 1 for dense. */
  int positions() {
    return conv == null ? 1 : conv.outH() * conv.outW();
  }

  @Override
  public byte[] run(byte[] in, int batch) {
    return run(in, batch, -128);
  }

  /**
   * {@link #run(byte[], int)} with outputs clamped below at {@code lo}: a following ReLU fused in
   * when {@code lo} is its zero point ({@code max(clamp(q, −128, 127), z) = clamp(q, z, 127)}).
   */
  byte[] run(byte[] in, int batch, int lo) {
    int[] acc = accumulate(in, batch);
    int p = positions();
    byte[] out = new byte[acc.length];
    float[] m = requantScale;
    float[] b = requantOffset;
    for (int e = 0; e < batch; e++) {
      if (p == 1) {
        for (int o = 0; o < n; o++) { // dense: one multiplier per output, few outputs
          int q = Math.round(acc[e * n + o] * m[o] + b[o]);
          out[e * n + o] = (byte) Math.max(lo, Math.min(127, q));
        }
        continue;
      }
      for (int o = 0; o < n; o++) {
        int base = (e * n + o) * p;
        IntAxpy.requantize(acc, base, p, m[o], b[o], lo, out, base);
      }
    }
    return out;
  }

  /** The last layer: float outputs {@code acc · s_x·s_w + b}. */
  float[] runFloat(byte[] in, int batch) {
    int[] acc = accumulate(in, batch);
    int p = positions();
    float[] out = new float[acc.length];
    for (int e = 0; e < batch; e++) {
      for (int o = 0; o < n; o++) {
        int base = (e * n + o) * p;
        float mo = (float) (input.scale() * weightScale[o]);
        for (int j = 0; j < p; j++) {
          out[base + j] = acc[base + j] * mo + bias[o];
        }
      }
    }
    return out;
  }

  /** int32 accumulators {@code [batch, n, positions]}, zero-point corrected. */
  int[] accumulate(byte[] in, int batch) {
    int p = positions();
    int[] acc = new int[batch * n * p];
    if (byInput != null) {
      denseAxpy(in, batch, acc); // zero point already subtracted from the inputs
      return acc;
    }
    if (convTapValues != null) {
      convolveAxpy(in, batch, acc);
    } else if (conv == null) {
      IntGemm.rowsTimesRows(in, 0, batch, k, weights, n, acc);
    } else {
      convolve(in, batch, acc);
    }
    int z = input.zeroPoint();
    if (z != 0) {
      for (int e = 0; e < batch; e++) {
        for (int o = 0; o < n; o++) {
          int base = (e * n + o) * p;
          int c = z * rowSum[o];
          for (int j = 0; j < p; j++) {
            acc[base + j] -= c;
          }
        }
      }
    }
    return acc;
  }

  /**
   * {@code acc[e, :] = Σ_i (x[e, i] − z) · W[i, :]} over the inputs not at the zero point, four
   * weight rows at a time ({@link IntAxpy}).
   */
  private void denseAxpy(byte[] in, int batch, int[] acc) {
    int z = input.zeroPoint();
    int nPad = IntAxpy.padded(n); // rows padded to whole vectors: no scalar tail
    int[] s = new int[k];
    int[] off = new int[k];
    int[] row = new int[nPad];
    int e0 = denseBlocks(in, batch, acc);
    for (int e = e0; e < batch; e++) {
      int count = 0;
      int x0 = e * k;
      for (int i = 0; i < k; i++) {
        int x = in[x0 + i] - z;
        if (x != 0) {
          s[count] = x;
          off[count++] = i * nPad;
        }
      }
      java.util.Arrays.fill(row, 0);
      IntAxpy.axpyRows(s, off, count, byInput, row, 0, nPad);
      System.arraycopy(row, 0, acc, e * n, n);
    }
  }

  /**
   * Examples in groups of four, against the weight rows in groups of four ({@link IntAxpy#block4x4}
   * with the inputs as the multipliers): each widened weight row serves four examples; a block
   * whose sixteen inputs are all at the zero point is skipped. Returns how many examples it did (a
   * multiple of four); the rest go one by one.
   */
  private int denseBlocks(byte[] in, int batch, int[] acc) {
    if (!IntAxpy.VECTOR || batch < 4 || k < 4) {
      return 0;
    }
    int z = input.zeroPoint();
    int nPad = IntAxpy.padded(n);
    int kb = k / 4;
    int[] x = new int[16];
    int[] rows = new int[4 * nPad];
    int done = batch / 4 * 4;
    for (int e = 0; e < done; e += 4) {
      java.util.Arrays.fill(rows, 0);
      for (int ib = 0; ib <= kb; ib++) {
        int taps = ib < kb ? 4 : k - 4 * kb; // the last block: the taps beyond kb·4
        int any = 0;
        for (int q = 0; q < 4; q++) {
          for (int t = 0; t < 4; t++) {
            int v = t < taps ? in[(e + q) * k + 4 * ib + t] - z : 0;
            x[4 * q + t] = v;
            any |= v;
          }
        }
        if (any == 0) {
          continue;
        }
        if (taps == 4) {
          IntAxpy.block4x4(x, 0, byInput, 4 * ib * nPad, nPad, rows, 0, nPad, nPad);
        } else {
          for (int q = 0; q < 4; q++) {
            for (int t = 0; t < taps; t++) {
              IntAxpy.axpy(x[4 * q + t], byInput, (4 * ib + t) * nPad, rows, q * nPad, nPad);
            }
          }
        }
      }
      for (int q = 0; q < 4; q++) {
        System.arraycopy(rows, q * nPad, acc, (e + q) * n, n);
      }
    }
    return done;
  }

  /**
   * {@code acc[e, o, :] = Σ_i w[o, i] · cols[i, :]} over the non-zero weights, on im2col rows
   * {@code [k][p]}; the zero point is corrected afterwards with the row sums.
   */
  private void convolveAxpy(byte[] in, int batch, int[] acc) {
    Conv c = conv;
    int p = c.outH() * c.outW();
    int pPad = IntAxpy.padded(p); // rows padded to whole vectors: no scalar tail
    int inSize = c.inC() * c.h() * c.w();
    byte[] cols = new byte[k * pPad];
    int[] tmp = new int[n * pPad];
    for (int e = 0; e < batch; e++) {
      im2colRows(in, e * inSize, cols, pPad);
      java.util.Arrays.fill(tmp, 0);
      int blocked = 0; // outputs done in 4×4 blocks
      if (convBlocks != null) {
        int kb = k / 4;
        blocked = n / 4 * 4;
        for (int ob = 0; ob < n / 4; ob++) {
          for (int ib = 0; ib < kb; ib++) {
            IntAxpy.block4x4(
                convBlocks,
                (ob * kb + ib) * 16,
                cols,
                4 * ib * pPad,
                pPad,
                tmp,
                4 * ob * pPad,
                pPad,
                pPad);
          }
          for (int q = 4 * ob; q < 4 * ob + 4; q++) { // the taps beyond the last block of four
            for (int i = kb * 4; i < k; i++) {
              IntAxpy.axpy(weights[q * k + i], cols, i * pPad, tmp, q * pPad, pPad);
            }
          }
        }
      }
      for (int o = blocked; o < n; o++) {
        int[] v = convTapValues[o];
        IntAxpy.axpyRows(v, convTapOffsets[o], v.length, cols, tmp, o * pPad, pPad);
      }
      for (int o = 0; o < n; o++) {
        System.arraycopy(tmp, o * pPad, acc, (e * n + o) * p, p);
      }
    }
  }

  private void convolve(byte[] in, int batch, int[] acc) {
    Conv c = conv;
    int oh = c.outH();
    int ow = c.outW();
    int p = oh * ow;
    int inSize = c.inC() * c.h() * c.w();
    byte[] cols = new byte[p * k];
    int[] tmp = new int[p * n];
    boolean shortK = k < SHORT_K;
    for (int e = 0; e < batch; e++) {
      if (shortK) {
        im2colRows(in, e * inSize, cols, p); // [k][p]
        IntGemm.weightsTimesCols(weights, n, k, cols, p, tmp);
        System.arraycopy(tmp, 0, acc, e * n * p, n * p);
      } else {
        im2colPositions(in, e * inSize, cols); // [p][k]
        IntGemm.rowsTimesRows(cols, 0, p, k, weights, n, tmp); // tmp[j·n + o]
        int base = e * n * p;
        for (int j = 0; j < p; j++) {
          int t = j * n;
          for (int o = 0; o < n; o++) {
            acc[base + o * p + j] = tmp[t + o];
          }
        }
      }
    }
  }

  /** Columns laid out {@code [p][k]}: one contiguous patch per output position. */
  private void im2colPositions(byte[] in, int off, byte[] cols) {
    Conv c = conv;
    int oh = c.outH();
    int ow = c.outW();
    int kk = c.kernel();
    byte pad = (byte) input.zeroPoint();
    int idx = 0;
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        int y0 = y * c.stride() - c.padding();
        int x0 = x * c.stride() - c.padding();
        for (int ch = 0; ch < c.inC(); ch++) {
          int plane = off + ch * c.h() * c.w();
          for (int dy = 0; dy < kk; dy++) {
            int iy = y0 + dy;
            boolean rowIn = iy >= 0 && iy < c.h();
            int row = plane + iy * c.w();
            for (int dx = 0; dx < kk; dx++) {
              int ix = x0 + dx;
              cols[idx++] = rowIn && ix >= 0 && ix < c.w() ? in[row + ix] : pad;
            }
          }
        }
      }
    }
  }

  /**
   * Columns laid out {@code [k][rowStride]}: one contiguous row of positions per kernel tap ({@code
   * rowStride ≥ p}; the padding is left as it is).
   */
  private void im2colRows(byte[] in, int off, byte[] cols, int rowStride) {
    Conv c = conv;
    int oh = c.outH();
    int ow = c.outW();
    int kk = c.kernel();
    int p = oh * ow;
    byte pad = (byte) input.zeroPoint();
    int r = 0;
    for (int ch = 0; ch < c.inC(); ch++) {
      int plane = off + ch * c.h() * c.w();
      for (int dy = 0; dy < kk; dy++) {
        for (int dx = 0; dx < kk; dx++) {
          int idx = r * rowStride;
          for (int y = 0; y < oh; y++) {
            int iy = y * c.stride() - c.padding() + dy;
            boolean rowIn = iy >= 0 && iy < c.h();
            int row = plane + iy * c.w();
            for (int x = 0; x < ow; x++) {
              int ix = x * c.stride() - c.padding() + dx;
              cols[idx++] = rowIn && ix >= 0 && ix < c.w() ? in[row + ix] : pad;
            }
          }
          r++;
        }
      }
    }
  }
}
