package io.github.compressionlab.nas;

import java.util.List;

/**
 * Decides which architectures to try next from the results so far. Call order:
 *
 * <ol>
 *   <li>{@link #reset(SearchSpace, long)} once before a search (and again to start over: it forgets
 *       every result and re-seeds the strategy's random generator);
 *   <li>then, repeatedly, {@link #propose(int)} for up to {@code n} candidates, which the caller
 *       evaluates (possibly in parallel), then {@link #report(List)} with their {@link Trial}s in
 *       the order they were proposed, before the next {@code propose}.
 * </ol>
 *
 * <p>Given the same seed and the same reported results, a strategy proposes the same candidates,
 * which is what makes a {@link Search} reproducible and resumable. {@code propose(n)} returns the
 * same first {@code k} candidates as {@code propose(k)} would. {@link #copy()} gives a fresh
 * strategy with the same settings and no state, to run a second search side by side.
 */
public interface SearchStrategy {
  /** A short description with the settings, e.g. {@code regularized-evolution(P=20, S=5)}. */
  String name();

  /**
   * Forgets all results and starts a search of {@code space} drawing randomness from {@code seed}.
   */
  void reset(SearchSpace space, long seed);

  /**
   * Up to {@code n} (>= 1) candidates to evaluate next; an empty list if the strategy has nothing
   * more to try.
   */
  List<Proposal> propose(int n);

  /** The trials of the last {@link #propose} call, in the same order. */
  void report(List<Trial> trials);

  /** A new strategy with the same settings, not yet {@link #reset}. */
  SearchStrategy copy();
}
