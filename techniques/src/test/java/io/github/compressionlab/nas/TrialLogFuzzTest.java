package io.github.compressionlab.nas;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.compressionlab.testing.Fuzzing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The NAS trial log reader on fuzzed bytes: it reads the trials or throws an {@link
 * IllegalArgumentException} naming the file and line. {@code ./lab fuzz triallog} runs a campaign.
 */
class TrialLogFuzzTest {
  /** The header the corpus's logs were written with (FuzzCorpus). */
  static final TrialLog.Header HEADER =
      new TrialLog.Header(TrialLog.FORMAT, "evolution(population=4)", 7, 2, "space");

  private static final Fuzzing.Budget BUDGET = new Fuzzing.Budget(64, 256 << 10, false);

  @BeforeAll
  static void warmUp() {
    Fuzzing.warmUp(TrialLogFuzzTest.class, "parse", new TrialLogFuzzTest()::parse);
  }

  @FuzzTest
  void parse(byte[] input) {
    Fuzzing.readOrClearError(
        input,
        BUDGET,
        b -> TrialLog.parse(b, HEADER, Fuzzing.SOURCE),
        IllegalArgumentException.class);
  }

  @Test
  void corpus_holdsRealLogsThatRead() {
    long readable =
        Fuzzing.corpus(getClass(), "parse").stream()
            .filter(
                b -> {
                  try {
                    return !TrialLog.parse(b, HEADER, "seed").isEmpty();
                  } catch (IllegalArgumentException e) {
                    return false;
                  }
                })
            .count();
    assertTrue(readable >= 1, "the corpus should hold a readable trial log: " + readable);
  }

  @Test
  void seededMutantsOfTheCorpus_readOrFailClearly() {
    Fuzzing.replayMutants(getClass(), "parse", 1000, this::parse);
  }
}
