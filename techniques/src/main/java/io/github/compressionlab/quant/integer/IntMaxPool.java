package io.github.compressionlab.quant.integer;

/**
 * Max pooling on quantized values. Quantization is monotone, so the largest level is the level of
 * the largest value: pooling is exact on integers.
 */
record IntMaxPool(String name, int channels, int h, int w, int kernel, int stride)
    implements IntLayer {
  int outH() {
    return (h - kernel) / stride + 1;
  }

  int outW() {
    return (w - kernel) / stride + 1;
  }

  @Override
  public byte[] run(byte[] in, int batch) {
    int oh = outH();
    int ow = outW();
    byte[] out = new byte[batch * channels * oh * ow];
    int o = 0;
    for (int bc = 0; bc < batch * channels; bc++) {
      int plane = bc * h * w;
      for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
          int m = Byte.MIN_VALUE;
          int base = plane + y * stride * w + x * stride;
          for (int dy = 0; dy < kernel; dy++) {
            int row = base + dy * w;
            for (int dx = 0; dx < kernel; dx++) {
              m = Math.max(m, in[row + dx]);
            }
          }
          out[o++] = (byte) m;
        }
      }
    }
    return out;
  }

  @Override
  public String describe() {
    return "max over window";
  }
}
