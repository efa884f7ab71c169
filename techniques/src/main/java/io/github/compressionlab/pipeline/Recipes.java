package io.github.compressionlab.pipeline;

import io.github.compressionlab.distill.Students;
import io.github.compressionlab.nn.Sequential;

/** Models the course's pipeline starts from. */
public final class Recipes {
  private Recipes() {}

  /**
   * The pipeline's student: conv 16@3x3 (pad 1) → ReLU → max-pool 2 → conv 32@3x3 (pad 1) → ReLU →
   * max-pool 2 → dense 10: 160 + 4,640 + 15,690 = 20,490 parameters, 40x fewer than the teacher.
   * Without dense hidden layers, most of its work is in convolutions that lose whole filters well.
   * {@link Students#cnn} at widths 16 and 32.
   */
  public static Sequential student(long seed) {
    return Students.twoConv(seed);
  }
}
