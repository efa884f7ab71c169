package io.github.compressionlab.nas;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Regularized (aging) evolution, after Real, Aggarwal, Huang and Le, "Regularized Evolution for
 * Image Classifier Architecture Search", AAAI 2019 (Algorithm 1):
 *
 * <ol>
 *   <li>the first {@code populationSize} candidates are random;
 *   <li>after that, each child comes from a tournament: draw {@code sampleSize} members of the
 *       population at random (without replacement), take the most accurate as parent, and change
 *       one of its decisions ({@link SearchSpace#mutate});
 *   <li>when a child's result comes back it joins the population and the <em>oldest</em> member
 *       leaves, however good it is. Aging, rather than removing the worst, is the "regularization":
 *       an architecture stays only by having children that keep scoring well after retraining.
 * </ol>
 *
 * <p>The paper's workers run asynchronously; here a batch of {@code n} children is drawn from the
 * same population, then all are reported, so runs are reproducible for a fixed batch size.
 */
public final class RegularizedEvolution implements SearchStrategy {
  private final int populationSize;
  private final int sampleSize;
  private final int epochs;
  private SearchSpace space;
  private SplittableRandom random;
  private final Deque<Trial> population = new ArrayDeque<>(); // oldest first
  private int randomProposed;
  private List<Proposal> pending = List.of();

  /**
   * @param populationSize P, members kept alive (the paper uses 100 on CIFAR-10; 10-30 suits small
   *     budgets)
   * @param sampleSize S, tournament size, 1 <= S <= P (S = P is greedy, S = 1 is random)
   * @param epochs training epochs per candidate
   */
  public RegularizedEvolution(int populationSize, int sampleSize, int epochs) {
    if (populationSize < 1 || sampleSize < 1 || sampleSize > populationSize || epochs < 1) {
      throw new IllegalArgumentException(
          "regularized evolution needs populationSize >= 1, 1 <= sampleSize <= populationSize and"
              + " epochs >= 1; got P="
              + populationSize
              + ", S="
              + sampleSize
              + ", epochs="
              + epochs);
    }
    this.populationSize = populationSize;
    this.sampleSize = sampleSize;
    this.epochs = epochs;
  }

  @Override
  public String name() {
    return "regularized-evolution(P="
        + populationSize
        + ", S="
        + sampleSize
        + ", epochs="
        + epochs
        + ")";
  }

  @Override
  public void reset(SearchSpace space, long seed) {
    this.space = space;
    this.random = new SplittableRandom(seed);
    population.clear();
    randomProposed = 0;
    pending = List.of();
  }

  @Override
  public List<Proposal> propose(int n) {
    Strategies.checkStarted(space, this);
    List<Proposal> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Architecture a;
      if (randomProposed < populationSize || population.isEmpty()) {
        a = space.sample(random);
        randomProposed++;
      } else {
        a = space.mutate(tournament(random).architecture(), random);
      }
      out.add(new Proposal(a, epochs));
    }
    pending = out;
    return out;
  }

  /** The most accurate of {@code sampleSize} members drawn without replacement. */
  Trial tournament(SplittableRandom r) {
    List<Trial> members = new ArrayList<>(population);
    int s = Math.min(sampleSize, members.size());
    // Partial Fisher-Yates shuffle: the first s entries are a uniform sample.
    for (int i = 0; i < s; i++) {
      Collections.swap(members, i, i + r.nextInt(members.size() - i));
    }
    Trial best = members.get(0);
    for (int i = 1; i < s; i++) {
      if (members.get(i).score() > best.score()) {
        best = members.get(i);
      }
    }
    return best;
  }

  @Override
  public void report(List<Trial> trials) {
    Strategies.checkReport(pending.size(), trials.size(), this);
    for (Trial t : trials) {
      population.addLast(t);
      if (population.size() > populationSize) {
        population.removeFirst(); // retire the oldest, not the worst
      }
    }
    pending = List.of();
  }

  /** The living population, oldest first. */
  public List<Trial> population() {
    return List.copyOf(population);
  }

  @Override
  public SearchStrategy copy() {
    return new RegularizedEvolution(populationSize, sampleSize, epochs);
  }
}
