package io.github.compressionlab.nas;

/**
 * A candidate a {@link SearchStrategy} wants evaluated: an architecture trained for some epochs.
 */
public record Proposal(Architecture architecture, int epochs) {
  public Proposal {
    if (architecture == null || epochs < 1) {
      throw new IllegalArgumentException(
          "a proposal needs an architecture and epochs >= 1; got " + architecture + ", " + epochs);
    }
  }
}
