package io.github.compressionlab.nas;

import java.util.Locale;

/**
 * One evaluated candidate: its index in the search (0, 1, ...), the architecture, the seed its
 * weights and shuffling were drawn from, its costs (trainable parameters, FLOPs per example, model
 * file bytes, batch-1 median latency in ms) and the validation accuracy after {@code epochs} of
 * training, which took {@code seconds}. A candidate over the latency limit is not trained: its
 * accuracy is NaN, {@link #feasible()} is false, and {@code epochs} are those it was proposed for.
 */
public record Trial(
    int index,
    Architecture architecture,
    long seed,
    int epochs,
    long params,
    long flops,
    long bytes,
    double latencyMs,
    double validationAccuracy,
    double seconds) {

  /** True if the candidate met every constraint and was trained. */
  public boolean feasible() {
    return !Double.isNaN(validationAccuracy);
  }

  /** Validation accuracy, or -infinity for an infeasible trial, so it never wins. */
  public double score() {
    return feasible() ? validationAccuracy : Double.NEGATIVE_INFINITY;
  }

  /** The proposal this trial evaluated. */
  public Proposal proposal() {
    return new Proposal(architecture, epochs);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "Trial %d: %s, %,d params, %,d FLOPs, %d epochs → val acc %.4f (%.1f s)",
        index,
        architecture,
        params,
        flops,
        epochs,
        validationAccuracy,
        seconds);
  }
}
