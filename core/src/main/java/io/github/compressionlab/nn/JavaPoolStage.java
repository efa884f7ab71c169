package io.github.compressionlab.nn;

/** Max pooling without padding, channels-first. */
final class JavaPoolStage implements JavaStage {
  final int k, stride, h, w, c, oh, ow;

  JavaPoolStage(MaxPool2d.Config config, PlanNode node) {
    long[] chw = node.inputShape();
    this.k = config.kernel();
    this.stride = config.stride();
    this.c = (int) chw[0];
    this.h = (int) chw[1];
    this.w = (int) chw[2];
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
