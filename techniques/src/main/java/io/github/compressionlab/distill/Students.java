package io.github.compressionlab.distill;

import io.github.compressionlab.nn.Sequential;

/**
 * Tiny students for the course's teacher (models.Teacher, about 824k parameters) on 28x28 grey
 * images and 10 classes. Each takes a seed so that a distilled run and its hard-label baseline
 * start from the same weights: pass them as {@code Students::tinyCnn} to {@link
 * Distiller.Builder#student}.
 */
public final class Students {
  private Students() {}

  /**
   * conv 8@3x3 (pad 1) → ReLU → max-pool 2 → conv 16@3x3 (pad 1) → ReLU → max-pool 2 → dense 10: 80
   * + 1,168 + 7,850 = 9,098 parameters, about 90x fewer than the teacher.
   */
  public static Sequential tinyCnn(long seed) {
    return cnn(seed, 8, 16);
  }

  /**
   * conv {@code filters1}@3x3 (pad 1) → ReLU → max-pool 2 → conv {@code filters2}@3x3 (pad 1) →
   * ReLU → max-pool 2 → dense 10, on [1,28,28] images: the shape of {@link #tinyCnn} at other
   * widths (layers conv1, relu1, pool1, conv2, relu2, pool2, fc).
   */
  public static Sequential cnn(long seed, int filters1, int filters2) {
    return Sequential.builder(1, 28, 28)
        .seed(seed)
        .conv2d("conv1", filters1, 3, 1, 1)
        .relu("relu1")
        .maxPool("pool1", 2)
        .conv2d("conv2", filters2, 3, 1, 1)
        .relu("relu2")
        .maxPool("pool2", 2)
        .flatten()
        .dense("fc", 10)
        .build();
  }

  /**
   * {@link #cnn} with 16 and 32 filters: 160 + 4,640 + 15,690 = 20,490 parameters, about 40x fewer
   * than the teacher; the pipeline's student and the few-labels regime's.
   */
  public static Sequential twoConv(long seed) {
    return cnn(seed, 16, 32);
  }

  /**
   * flatten → dense 32 → ReLU → dense 10: 784·32 + 32 + 32·10 + 10 = 25,450 parameters, about 32x
   * fewer than the teacher.
   */
  public static Sequential mlp(long seed) {
    return Sequential.builder(1, 28, 28)
        .seed(seed)
        .flatten()
        .dense("fc1", 32)
        .relu("relu1")
        .dense("fc2", 10)
        .build();
  }
}
