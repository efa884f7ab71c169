package io.github.compressionlab.nas;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.measure.Latency;
import io.github.compressionlab.measure.ModelStats;
import io.github.compressionlab.nn.Evaluation;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;

/**
 * Evaluates a candidate by building it from the {@link SearchSpace}, counting its parameters, FLOPs
 * and file bytes, measuring its batch-1 latency (median of a few calls after a warm-up), training
 * it from scratch on {@code train} with the {@link TrainingConfig} for the proposal's epochs (and
 * the trial's seed), and scoring it on {@code validation}. A candidate over the space's latency
 * limit is not trained. Use a small {@code train} subset and few epochs as a cheap proxy, then
 * retrain the winner fully ({@link Export}).
 */
public final class TrainingEvaluator implements TrialEvaluator {
  private static final int LATENCY_WARMUP = 3;
  private static final int LATENCY_REPEATS = 11;

  private final SearchSpace space;
  private final Dataset train;
  private final Dataset validation;
  private final TrainingConfig training;

  public TrainingEvaluator(
      SearchSpace space, Dataset train, Dataset validation, TrainingConfig training) {
    if (space == null || train == null || validation == null || training == null) {
      throw new IllegalArgumentException(
          "give a space, training and validation sets and a training config, e.g."
              + " TrainingConfig.defaults()");
    }
    if (train.size() == 0 || validation.size() == 0) {
      throw new IllegalArgumentException(
          "training and validation sets must not be empty; got "
              + train.size()
              + " and "
              + validation.size()
              + " examples");
    }
    this.space = space;
    this.train = train;
    this.validation = validation;
    this.training = training;
  }

  @Override
  public Trial evaluate(int index, Proposal proposal, long seed) {
    long start = System.nanoTime();
    Architecture a = proposal.architecture();
    Sequential model = space.build(a, seed);
    long bytes = ModelStats.fileBytes(model);
    double latency = Latency.measure(model, 1, LATENCY_WARMUP, LATENCY_REPEATS).medianMs();
    if (latency > space.constraints().maxLatencyMs()) {
      return new Trial(
          index,
          a,
          seed,
          proposal.epochs(),
          model.paramCount(),
          model.flops(),
          bytes,
          latency,
          Double.NaN,
          (System.nanoTime() - start) / 1e9);
    }
    new Trainer(model, training.toBuilder().epochs(proposal.epochs()).seed(seed).build())
        .fit(train);
    double accuracy = Evaluation.of(model, validation).accuracy();
    return new Trial(
        index,
        a,
        seed,
        proposal.epochs(),
        model.paramCount(),
        model.flops(),
        bytes,
        latency,
        accuracy,
        (System.nanoTime() - start) / 1e9);
  }
}
