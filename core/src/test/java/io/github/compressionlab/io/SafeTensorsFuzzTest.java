package io.github.compressionlab.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.compressionlab.testing.Fuzzing;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The safetensors reader on fuzzed bytes: it reads them or throws its {@link
 * SafeTensors.FormatException} naming the file, and allocates a few times the file at most (the
 * tensors' bytes, the header as a string). {@code ./lab fuzz safetensors} runs a campaign.
 */
class SafeTensorsFuzzTest {
  private static final Fuzzing.Budget BUDGET = new Fuzzing.Budget(8, 256 << 10, false);

  @BeforeAll
  static void warmUp() {
    Fuzzing.warmUp(SafeTensorsFuzzTest.class, "parse", new SafeTensorsFuzzTest()::parse);
  }

  @FuzzTest
  void parse(byte[] input) {
    Fuzzing.readOrClearError(
        input,
        BUDGET,
        b -> SafeTensors.parse(b, Fuzzing.SOURCE),
        SafeTensors.FormatException.class);
    Fuzzing.readOrClearError(
        Fuzzing.withSafetensorsLength(input),
        BUDGET,
        b -> SafeTensors.parse(b, Fuzzing.SOURCE),
        SafeTensors.FormatException.class);
  }

  @Test
  void corpus_holdsRealFilesThatRead() {
    long readable =
        Fuzzing.corpus(getClass(), "parse").stream().filter(SafeTensorsFuzzTest::reads).count();
    assertTrue(readable >= 2, "the corpus should hold readable safetensors files: " + readable);
  }

  @Test
  void seededMutantsOfTheCorpus_readOrFailClearly() {
    Fuzzing.replayMutants(getClass(), "parse", 500, this::parse);
  }

  private static boolean reads(byte[] b) {
    try {
      SafeTensors.parse(b, "seed");
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
