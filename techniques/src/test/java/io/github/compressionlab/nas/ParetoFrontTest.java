package io.github.compressionlab.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {
  @Test
  void nonDominated_handMadePoints() {
    //            index:    0     1     2     3     4     5
    double[] accuracy = {0.80, 0.85, 0.83, 0.90, 0.90, 0.70};
    double[] cost = {10, 20, 30, 40, 50, 5};
    // 5 (0.70, 5): cheapest of all → on the front.
    // 0 (0.80, 10): nothing cheaper is as accurate (only 5, at 0.70) → front.
    // 1 (0.85, 20): cheaper points 5, 0 are less accurate → front.
    // 2 (0.83, 30): dominated by 1 (0.85 >= 0.83 at 20 <= 30).
    // 3 (0.90, 40): more accurate than everything cheaper → front.
    // 4 (0.90, 50): dominated by 3 (same accuracy, lower cost).
    assertEquals(List.of(5, 0, 1, 3), ParetoFront.nonDominated(accuracy, cost));
  }

  @Test
  void nonDominated_keepsOneOfExactDuplicates() {
    // Two identical points dominate nothing of each other; the earlier stays.
    assertEquals(
        List.of(0), ParetoFront.nonDominated(new double[] {0.9, 0.9}, new double[] {3, 3}));
  }

  @Test
  void dominates_needsOneStrictImprovement() {
    assertTrue(ParetoFront.dominates(0.9, 10, 0.8, 10)); // more accurate, same cost
    assertTrue(ParetoFront.dominates(0.9, 5, 0.9, 10)); // same accuracy, cheaper
    assertFalse(ParetoFront.dominates(0.9, 10, 0.9, 10)); // equal
    assertFalse(ParetoFront.dominates(0.95, 20, 0.9, 10)); // a trade-off
  }

  @Test
  void of_trials_skipsInfeasibleAndSortsByCost() {
    List<Trial> trials = new ArrayList<>();
    // params 300, 100, 200; accuracies 0.9, 0.8, 0.7 → trial 2 (0.7 at 200) is dominated by
    // trial 1 (0.8 at 100); trial 3 is infeasible (NaN) and never on the front.
    trials.add(withParams(0, 300, 0.9));
    trials.add(withParams(1, 100, 0.8));
    trials.add(withParams(2, 200, 0.7));
    trials.add(withParams(3, 50, Double.NaN));
    List<Trial> front = ParetoFront.of(trials, Cost.PARAMS);
    assertEquals(List.of(1, 0), front.stream().map(Trial::index).toList());
  }

  private static Trial withParams(int index, long params, double acc) {
    return new Trial(index, NasFixtures.conv(4), index, 1, params, 0, 0, 0, acc, 0);
  }
}
