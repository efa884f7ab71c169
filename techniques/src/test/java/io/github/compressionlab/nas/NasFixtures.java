package io.github.compressionlab.nas;

import java.util.SplittableRandom;

/** Small spaces and a cheap, deterministic stand-in for training, shared by the nas tests. */
final class NasFixtures {
  private NasFixtures() {}

  /** A 28x28 space: 1-3 conv blocks of width 4/8/16, kernel 3/5, optional pooling; 0-1 dense. */
  static SearchSpace smallSpace() {
    return SearchSpace.builder(1, 28, 28)
        .convBlocks(1, 2, 3)
        .convWidths(4, 8, 16)
        .kernelSizes(3, 5)
        .pooling(Pooling.MAX, Pooling.NONE)
        .denseLayers(0, 1)
        .denseWidths(16, 32)
        .dropout(0.0, 0.2)
        .build();
  }

  /**
   * "Accuracy" = w / (w + 16) with w the summed conv width, plus up to 0.01 of noise drawn from the
   * trial seed: wider is better, so a strategy that learns climbs; noise makes retraining matter as
   * in real trials. Costs are the exact counts.
   */
  static TrialEvaluator toy(SearchSpace space) {
    return (index, p, seed) -> {
      Architecture a = p.architecture();
      double w = a.convBlocks().stream().mapToInt(ConvBlock::width).sum();
      double noise = new SplittableRandom(seed).nextDouble() * 0.01;
      return new Trial(
          index,
          a,
          seed,
          p.epochs(),
          space.params(a),
          space.flops(a),
          4 * space.params(a),
          0.1,
          w / (w + 16) + noise,
          0.0);
    };
  }

  /** A trial with the given architecture and accuracy, other fields filler. */
  static Trial trial(int index, Architecture a, double accuracy) {
    return new Trial(index, a, index, 1, 100, 200, 400, 0.1, accuracy, 0.0);
  }

  static Architecture conv(int... widths) {
    java.util.List<ConvBlock> blocks = new java.util.ArrayList<>();
    for (int w : widths) {
      blocks.add(new ConvBlock(w, 3, Pooling.MAX));
    }
    return new Architecture(blocks, java.util.List.of(), 0.0);
  }
}
