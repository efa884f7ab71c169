package io.github.compressionlab.nn;

/** {@code max(x, 0)} elementwise. */
final class JavaReluStage implements JavaStage {
  final int n;

  JavaReluStage(ReLU.Config config, PlanNode node) {
    this.n = (int) Shapes.product(node.inputShape());
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
