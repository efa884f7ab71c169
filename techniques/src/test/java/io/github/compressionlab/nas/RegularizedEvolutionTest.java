package io.github.compressionlab.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegularizedEvolutionTest {
  private final SearchSpace space = NasFixtures.smallSpace();

  /** Reports trials of the toy evaluator for each proposal, numbering them from {@code next}. */
  private static List<Trial> evaluate(SearchSpace space, List<Proposal> ps, int next) {
    TrialEvaluator toy = NasFixtures.toy(space);
    List<Trial> out = new ArrayList<>();
    for (Proposal p : ps) {
      out.add(toy.evaluate(next, p, next));
      next++;
    }
    return out;
  }

  @Test
  void tournament_ofWholePopulation_picksTheBest() {
    // P = S = 3: the tournament sees every member, so it must return the most accurate (0.9).
    RegularizedEvolution evo = new RegularizedEvolution(3, 3, 1);
    evo.reset(space, 1);
    evo.propose(3);
    evo.report(
        List.of(
            NasFixtures.trial(0, NasFixtures.conv(4), 0.5),
            NasFixtures.trial(1, NasFixtures.conv(8), 0.9),
            NasFixtures.trial(2, NasFixtures.conv(16), 0.7)));
    for (int i = 0; i < 10; i++) {
      assertEquals(1, evo.tournament(new SplittableRandom(i)).index());
    }
  }

  @Test
  void tournament_ofOne_isUniform() {
    // S = 1: the "winner" is a uniform draw; over 300 draws each of 3 members appears often.
    RegularizedEvolution evo = new RegularizedEvolution(3, 1, 1);
    evo.reset(space, 1);
    evo.propose(3);
    evo.report(
        List.of(
            NasFixtures.trial(0, NasFixtures.conv(4), 0.5),
            NasFixtures.trial(1, NasFixtures.conv(8), 0.9),
            NasFixtures.trial(2, NasFixtures.conv(16), 0.7)));
    int[] counts = new int[3];
    SplittableRandom r = new SplittableRandom(2);
    for (int i = 0; i < 300; i++) {
      counts[evo.tournament(r).index()]++;
    }
    for (int c : counts) {
      assertTrue(c > 60, java.util.Arrays.toString(counts));
    }
  }

  @Test
  void children_areOneMutationFromAPopulationMember() {
    RegularizedEvolution evo = new RegularizedEvolution(4, 2, 1);
    evo.reset(space, 7);
    List<Proposal> first = evo.propose(4);
    evo.report(evaluate(space, first, 0));
    List<Architecture> members = evo.population().stream().map(Trial::architecture).toList();
    for (Proposal child : evo.propose(5)) {
      boolean oneAway =
          members.stream()
              .anyMatch(m -> SearchSpaceTest.decisionsChanged(m, child.architecture()) == 1);
      assertTrue(oneAway, child + " is not one mutation from " + members);
    }
  }

  @Test
  void report_retiresTheOldestNotTheWorst() {
    RegularizedEvolution evo = new RegularizedEvolution(3, 2, 1);
    evo.reset(space, 1);
    evo.propose(3);
    // The oldest member (trial 0) is the best; it must still be the one to leave.
    evo.report(
        List.of(
            NasFixtures.trial(0, NasFixtures.conv(16), 0.99),
            NasFixtures.trial(1, NasFixtures.conv(4), 0.1),
            NasFixtures.trial(2, NasFixtures.conv(8), 0.2)));
    evo.propose(1);
    evo.report(List.of(NasFixtures.trial(3, NasFixtures.conv(4, 4), 0.3)));
    assertEquals(List.of(1, 2, 3), evo.population().stream().map(Trial::index).toList());
  }

  @Test
  void firstPopulationIsRandom_thenSameSeedGivesSameProposals() {
    RegularizedEvolution a = new RegularizedEvolution(5, 2, 1);
    SearchStrategy b = a.copy();
    a.reset(space, 11);
    b.reset(space, 11);
    for (int round = 0; round < 4; round++) {
      List<Proposal> pa = a.propose(3);
      assertEquals(pa, b.propose(3));
      List<Trial> results = evaluate(space, pa, round * 3);
      a.report(results);
      b.report(results);
    }
  }

  @Test
  void evolution_beatsRandomSearch_onToyObjective() {
    // The toy score rises with total conv width; evolution should climb, random search should not.
    double evo = 0;
    double random = 0;
    for (long seed = 1; seed <= 3; seed++) {
      evo += bestAfter(new RegularizedEvolution(10, 3, 1), 60, seed);
      random += bestAfter(new RandomSearch(1), 60, seed);
    }
    assertTrue(evo >= random, "evolution " + evo / 3 + " vs random " + random / 3);
  }

  private double bestAfter(SearchStrategy s, int trials, long seed) {
    SearchResult r =
        Search.builder()
            .space(space)
            .strategy(s)
            .evaluator(NasFixtures.toy(space))
            .budget(Budget.trials(trials))
            .seed(seed)
            .progress(false)
            .build()
            .run();
    return r.best().validationAccuracy();
  }
}
