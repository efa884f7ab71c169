package io.github.compressionlab.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.compressionlab.testing.Fuzzing;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model file reader on fuzzed bytes: it builds the model or throws an {@link
 * UncheckedIOException} naming the file. The architecture in the header is checked against the
 * tensors before the model is allocated, so a read takes a few times the file in heap and native
 * memory together (each float parameter, its gradient, a copy on the way). {@code ./lab fuzz
 * modelfile} runs a campaign.
 */
class ModelFileFuzzTest {
  private static final Fuzzing.Budget BUDGET = new Fuzzing.Budget(24, 1 << 20, true);

  @BeforeAll
  static void warmUp() {
    Fuzzing.warmUp(ModelFileFuzzTest.class, "decode", new ModelFileFuzzTest()::decode);
  }

  @FuzzTest
  void decode(byte[] input) {
    Fuzzing.readOrClearError(
        input, BUDGET, b -> ModelFile.decode(b, Fuzzing.SOURCE), UncheckedIOException.class);
    Fuzzing.readOrClearError(
        Fuzzing.withSafetensorsLength(input),
        BUDGET,
        b -> ModelFile.decode(b, Fuzzing.SOURCE),
        UncheckedIOException.class);
  }

  @Test
  void corpus_holdsRealFilesThatRead() {
    long readable =
        Fuzzing.corpus(getClass(), "decode").stream().filter(ModelFileFuzzTest::reads).count();
    assertTrue(readable >= 2, "the corpus should hold readable model files: " + readable);
  }

  @Test
  void seededMutantsOfTheCorpus_readOrFailClearly() {
    Fuzzing.replayMutants(getClass(), "decode", 300, this::decode);
  }

  private static boolean reads(byte[] b) {
    try {
      ModelFile.decode(b, "seed");
      return true;
    } catch (UncheckedIOException e) {
      return false;
    }
  }
}
