package io.github.compressionlab.prune;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.compressionlab.testing.Fuzzing;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sparse model file reader on fuzzed bytes: it builds the model or throws an {@link
 * UncheckedIOException} (a damaged file) or {@link IllegalArgumentException} (another kind of model
 * file) naming the file. The dense model may be up to {@link SparseModelFile#MAX_EXPANSION} times
 * the file, checked before anything is allocated; the budget allows that model, its gradients and
 * one copy. {@code ./lab fuzz sparse} runs a campaign.
 */
class SparseModelFileFuzzTest {
  private static final Fuzzing.Budget BUDGET =
      new Fuzzing.Budget(3L * SparseModelFile.MAX_EXPANSION + 24, 1 << 20, true);

  @BeforeAll
  static void warmUp() {
    Fuzzing.warmUp(SparseModelFileFuzzTest.class, "decode", new SparseModelFileFuzzTest()::decode);
  }

  @FuzzTest
  void decode(byte[] input) {
    Fuzzing.readOrClearError(
        input,
        BUDGET,
        b -> SparseModelFile.decode(b, Fuzzing.SOURCE),
        UncheckedIOException.class,
        IllegalArgumentException.class);
    Fuzzing.readOrClearError(
        Fuzzing.withSafetensorsLength(input),
        BUDGET,
        b -> SparseModelFile.decode(b, Fuzzing.SOURCE),
        UncheckedIOException.class,
        IllegalArgumentException.class);
  }

  @Test
  void corpus_holdsRealFilesThatRead() {
    long readable =
        Fuzzing.corpus(getClass(), "decode").stream()
            .filter(SparseModelFileFuzzTest::reads)
            .count();
    assertTrue(readable >= 2, "the corpus should hold readable sparse files: " + readable);
  }

  @Test
  void seededMutantsOfTheCorpus_readOrFailClearly() {
    Fuzzing.replayMutants(getClass(), "decode", 300, this::decode);
  }

  private static boolean reads(byte[] b) {
    try {
      SparseModelFile.decode(b, "seed");
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
