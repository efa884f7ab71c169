package io.github.compressionlab.nas;

/**
 * Turns a {@link Proposal} into a {@link Trial}. Must be deterministic given {@code (proposal,
 * seed)} (apart from timings) and safe to call from several threads at once. {@link
 * TrainingEvaluator} trains the candidate; tests use cheap stand-ins.
 */
@FunctionalInterface
public interface TrialEvaluator {
  Trial evaluate(int index, Proposal proposal, long seed);
}
