package io.github.compressionlab.nas;

/**
 * How a candidate is trained: Adam with {@code learningRate}, mini-batches of {@code batchSize}.
 * The number of epochs comes with each {@link Proposal} (successive halving varies it).
 */
public record TrainRecipe(int batchSize, double learningRate) {
  public TrainRecipe {
    if (batchSize < 1 || !(learningRate > 0)) {
      throw new IllegalArgumentException(
          "a recipe needs batchSize >= 1 and learningRate > 0, e.g. new TrainRecipe(128, 1e-3); got"
              + " batchSize "
              + batchSize
              + ", learningRate "
              + learningRate);
    }
  }

  /** Batch 128, Adam 1e-3: how the lab's reference models are trained. */
  public static TrainRecipe standard() {
    return new TrainRecipe(128, 1e-3);
  }
}
