package io.github.compressionlab.nas;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Successive halving (Jamieson and Talwalkar, "Non-stochastic Best Arm Identification and
 * Hyperparameter Optimization", AISTATS 2016; the inner loop of Hyperband, Li et al., JMLR 2018):
 * train many candidates briefly, keep the best {@code 1/eta}, train those {@code eta} times longer,
 * and so on.
 *
 * <p>A bracket starts with {@code initial} random candidates at {@code minEpochs}. Rung {@code k}
 * holds {@code floor(initial / eta^k)} candidates trained for {@code minEpochs * eta^k} epochs; the
 * bracket ends when the next rung would be empty or exceed {@code maxEpochs}. Promoted candidates
 * are retrained from scratch with the longer budget (no checkpoints are kept), each with a new
 * seed. When a bracket ends a new one starts with fresh random candidates, until the search's
 * budget runs out.
 */
public final class SuccessiveHalving implements SearchStrategy {
  private final int initial;
  private final int eta;
  private final int minEpochs;
  private final int maxEpochs;
  private SearchSpace space;
  private SplittableRandom random;
  private List<Architecture> rung = List.of(); // candidates of the current rung
  private int rungIndex;
  private int next; // next candidate of the rung to propose
  private final List<Trial> rungResults = new ArrayList<>();
  private int pending;

  /**
   * @param initial candidates in a bracket's first rung
   * @param eta keep the best {@code 1/eta} at each rung (3 in the papers)
   * @param minEpochs epochs of the first rung
   * @param maxEpochs no rung trains longer than this
   */
  public SuccessiveHalving(int initial, int eta, int minEpochs, int maxEpochs) {
    if (initial < 1 || eta < 2 || minEpochs < 1 || maxEpochs < minEpochs) {
      throw new IllegalArgumentException(
          "successive halving needs initial >= 1, eta >= 2 and 1 <= minEpochs <= maxEpochs; got"
              + " initial="
              + initial
              + ", eta="
              + eta
              + ", minEpochs="
              + minEpochs
              + ", maxEpochs="
              + maxEpochs);
    }
    this.initial = initial;
    this.eta = eta;
    this.minEpochs = minEpochs;
    this.maxEpochs = maxEpochs;
  }

  @Override
  public String name() {
    return "successive-halving(n="
        + initial
        + ", eta="
        + eta
        + ", epochs "
        + minEpochs
        + ".."
        + maxEpochs
        + ")";
  }

  /** Candidates in rung {@code k} of a bracket (0 once the bracket has ended). */
  public int rungSize(int k) {
    long n = initial;
    long epochs = minEpochs;
    for (int i = 0; i < k; i++) {
      n /= eta;
      epochs *= eta;
    }
    return epochs > maxEpochs ? 0 : (int) n;
  }

  /** Training epochs of rung {@code k}. */
  public int rungEpochs(int k) {
    long e = minEpochs;
    for (int i = 0; i < k; i++) {
      e *= eta;
    }
    return (int) Math.min(e, Integer.MAX_VALUE);
  }

  @Override
  public void reset(SearchSpace space, long seed) {
    this.space = space;
    this.random = new SplittableRandom(seed);
    startBracket();
  }

  private void startBracket() {
    List<Architecture> fresh = new ArrayList<>();
    for (int i = 0; i < initial; i++) {
      fresh.add(space.sample(random));
    }
    rung = fresh;
    rungIndex = 0;
    next = 0;
    rungResults.clear();
    pending = 0;
  }

  @Override
  public List<Proposal> propose(int n) {
    Strategies.checkStarted(space, this);
    List<Proposal> out = new ArrayList<>();
    int epochs = rungEpochs(rungIndex);
    while (out.size() < n && next < rung.size()) {
      out.add(new Proposal(rung.get(next++), epochs));
    }
    pending = out.size();
    return out;
  }

  @Override
  public void report(List<Trial> trials) {
    Strategies.checkReport(pending, trials.size(), this);
    pending = 0;
    rungResults.addAll(trials);
    if (rungResults.size() < rung.size()) {
      return; // the rung is not finished yet
    }
    int keep = rungSize(rungIndex + 1);
    if (keep < 1) {
      startBracket();
      return;
    }
    // Keep the best 1/eta; ties go to the earlier candidate (a stable sort).
    List<Trial> ranked = new ArrayList<>(rungResults);
    ranked.sort(Comparator.comparingDouble(Trial::score).reversed());
    List<Architecture> promoted = new ArrayList<>();
    for (int i = 0; i < keep; i++) {
      promoted.add(ranked.get(i).architecture());
    }
    rung = promoted;
    rungIndex++;
    next = 0;
    rungResults.clear();
  }

  /** The current rung (0 = the first of a bracket). */
  public int rungIndex() {
    return rungIndex;
  }

  @Override
  public SearchStrategy copy() {
    return new SuccessiveHalving(initial, eta, minEpochs, maxEpochs);
  }
}
