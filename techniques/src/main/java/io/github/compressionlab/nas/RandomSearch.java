package io.github.compressionlab.nas;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random search: every candidate is drawn uniformly from the architectures meeting the constraints,
 * trained for a fixed number of epochs. A strong baseline (Li and Talwalkar, "Random Search and
 * Reproducibility for Neural Architecture Search", UAI 2019).
 */
public final class RandomSearch implements SearchStrategy {
  private final int epochs;
  private SearchSpace space;
  private SplittableRandom random;

  /** Trains each candidate for {@code epochs}. */
  public RandomSearch(int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs per candidate must be >= 1, got " + epochs);
    }
    this.epochs = epochs;
  }

  @Override
  public String name() {
    return "random(epochs=" + epochs + ")";
  }

  @Override
  public void reset(SearchSpace space, long seed) {
    this.space = space;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public List<Proposal> propose(int n) {
    Strategies.checkStarted(space, this);
    List<Proposal> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Proposal(space.sample(random), epochs));
    }
    return out;
  }

  @Override
  public void report(List<Trial> trials) {
    // Random search does not learn from results.
  }

  @Override
  public SearchStrategy copy() {
    return new RandomSearch(epochs);
  }
}
