package io.github.compressionlab.nn;

/**
 * The lab's two reference architectures for 28x28 grey images and 10 classes, used by the
 * benchmarks and as starting points in the notebooks.
 */
public final class ReferenceModels {
  private ReferenceModels() {}

  /**
   * LeNet-300-100 (LeCun et al., "Gradient-based learning applied to document recognition", Proc.
   * IEEE 1998): flatten, 784→300→100→10 with ReLU. 266,610 parameters.
   */
  public static Sequential lenet300100(long seed) {
    return Sequential.builder(1, 28, 28)
        .seed(seed)
        .flatten()
        .dense("fc1", 300)
        .relu("relu1")
        .dense("fc2", 100)
        .relu("relu2")
        .dense("fc3", 10)
        .build();
  }

  /**
   * A small CNN: conv 16@3x3 → ReLU → max-pool 2 → conv 32@3x3 → ReLU → max-pool 2 → dense 128 →
   * ReLU → dense 10 (no padding, so 28 → 26 → 13 → 11 → 5).
   */
  public static Sequential smallCnn(long seed) {
    return Sequential.builder(1, 28, 28)
        .seed(seed)
        .conv2d("conv1", 16, 3)
        .relu("relu1")
        .maxPool("pool1", 2)
        .conv2d("conv2", 32, 3)
        .relu("relu2")
        .maxPool("pool2", 2)
        .flatten()
        .dense("fc1", 128)
        .relu("relu3")
        .dense("fc2", 10)
        .build();
  }
}
