package io.github.compressionlab.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuccessiveHalvingTest {
  private final SearchSpace space = NasFixtures.smallSpace();

  @Test
  void rungs_keepOneThird_andTripleEpochs() {
    // n = 9, eta = 3, epochs 1..9: rungs of 9 (1 epoch), 3 (3 epochs), 1 (9 epochs); a 4th rung
    // would need 27 epochs > 9, so it is empty.
    SuccessiveHalving sh = new SuccessiveHalving(9, 3, 1, 9);
    assertEquals(9, sh.rungSize(0));
    assertEquals(3, sh.rungSize(1));
    assertEquals(1, sh.rungSize(2));
    assertEquals(0, sh.rungSize(3));
    assertEquals(List.of(1, 3, 9), List.of(sh.rungEpochs(0), sh.rungEpochs(1), sh.rungEpochs(2)));
  }

  @Test
  void promotes_theBestOfEachRung() {
    SuccessiveHalving sh = new SuccessiveHalving(9, 3, 1, 9);
    sh.reset(space, 4);
    // Rung 0: nine candidates, proposed in batches of 4, 4, 1; score = its position / 10, so the
    // last three (positions 6, 7, 8) are the best.
    List<Proposal> rung0 = new ArrayList<>();
    int index = 0;
    while (rung0.size() < 9) {
      List<Proposal> batch = sh.propose(4);
      List<Trial> results = new ArrayList<>();
      for (Proposal p : batch) {
        assertEquals(1, p.epochs());
        results.add(NasFixtures.trial(index, p.architecture(), index / 10.0));
        index++;
      }
      rung0.addAll(batch);
      sh.report(results);
    }
    assertEquals(1, sh.rungIndex());
    List<Proposal> rung1 = sh.propose(10);
    assertEquals(3, rung1.size(), "only a third is promoted");
    // Ranked best first: positions 8, 7, 6.
    assertEquals(
        List.of(
            rung0.get(8).architecture(), rung0.get(7).architecture(), rung0.get(6).architecture()),
        rung1.stream().map(Proposal::architecture).toList());
    assertTrue(rung1.stream().allMatch(p -> p.epochs() == 3));
    // Scores now favour the first of the three (index 0 highest).
    List<Trial> r1 = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      r1.add(NasFixtures.trial(100 + i, rung1.get(i).architecture(), 0.9 - i / 10.0));
    }
    sh.report(r1);
    List<Proposal> rung2 = sh.propose(10);
    assertEquals(List.of(new Proposal(rung0.get(8).architecture(), 9)), rung2);
    sh.report(List.of(NasFixtures.trial(200, rung2.get(0).architecture(), 0.95)));
    // The bracket is over: a new one starts with nine fresh 1-epoch candidates.
    assertEquals(0, sh.rungIndex());
    List<Proposal> next = sh.propose(20);
    assertEquals(9, next.size());
    assertTrue(next.stream().allMatch(p -> p.epochs() == 1));
  }
}
