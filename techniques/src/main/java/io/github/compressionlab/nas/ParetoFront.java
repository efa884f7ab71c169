package io.github.compressionlab.nas;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The trials no other trial beats on both objectives: higher validation accuracy and lower cost. A
 * trial A dominates B when A is at least as accurate and at most as costly, and strictly better in
 * one of the two. The front, sorted by cost, is the menu of best trade-offs a search offers.
 */
public final class ParetoFront {
  private ParetoFront() {}

  /** The non-dominated feasible trials for accuracy against {@code cost}, cheapest first. */
  public static List<Trial> of(List<Trial> trials, Cost cost) {
    List<Trial> feasible = trials.stream().filter(Trial::feasible).toList();
    double[] acc = feasible.stream().mapToDouble(Trial::validationAccuracy).toArray();
    double[] c = feasible.stream().mapToDouble(cost::of).toArray();
    List<Trial> front = new ArrayList<>();
    for (int i : nonDominated(acc, c)) {
      front.add(feasible.get(i));
    }
    return front;
  }

  /**
   * Indices of the points not dominated by any other (maximise {@code accuracy}, minimise {@code
   * cost}), sorted by cost then by accuracy descending. Of exact duplicates only the first is kept.
   */
  public static List<Integer> nonDominated(double[] accuracy, double[] cost) {
    if (accuracy.length != cost.length) {
      throw new IllegalArgumentException(
          "accuracy and cost need one value per point; got "
              + accuracy.length
              + " and "
              + cost.length);
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < accuracy.length; i++) {
      order.add(i);
    }
    // Cheapest first; among equal cost, most accurate first; then by index for stability.
    order.sort(
        Comparator.<Integer>comparingDouble(i -> cost[i])
            .thenComparingDouble(i -> -accuracy[i])
            .thenComparingInt(i -> i));
    List<Integer> front = new ArrayList<>();
    double best = Double.NEGATIVE_INFINITY;
    for (int i : order) {
      // Everything seen earlier costs no more; i survives only if it is strictly more accurate.
      if (accuracy[i] > best) {
        front.add(i);
        best = accuracy[i];
      }
    }
    return front;
  }

  /** True if point a dominates point b. */
  public static boolean dominates(double accA, double costA, double accB, double costB) {
    return accA >= accB && costA <= costB && (accA > accB || costA < costB);
  }
}
