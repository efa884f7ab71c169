package io.github.compressionlab.quant.integer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.compressionlab.testing.Fuzzing;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quantized model file reader on fuzzed bytes: it builds the integer model or throws an {@link
 * UncheckedIOException} naming the file; every tensor's shape is checked against the architecture
 * before it is unpacked. {@code ./lab fuzz quantized} runs a campaign.
 */
class QuantizedModelFuzzTest {
  private static final Fuzzing.Budget BUDGET = new Fuzzing.Budget(32, 1 << 20, true);

  @BeforeAll
  static void warmUp() {
    Fuzzing.warmUp(QuantizedModelFuzzTest.class, "decode", new QuantizedModelFuzzTest()::decode);
  }

  @FuzzTest
  void decode(byte[] input) {
    Fuzzing.readOrClearError(
        input, BUDGET, b -> QuantizedModel.decode(b, Fuzzing.SOURCE), UncheckedIOException.class);
    Fuzzing.readOrClearError(
        Fuzzing.withSafetensorsLength(input),
        BUDGET,
        b -> QuantizedModel.decode(b, Fuzzing.SOURCE),
        UncheckedIOException.class);
  }

  @Test
  void corpus_holdsRealFilesThatRead() {
    long readable =
        Fuzzing.corpus(getClass(), "decode").stream().filter(QuantizedModelFuzzTest::reads).count();
    assertTrue(readable >= 2, "the corpus should hold readable quantized files: " + readable);
  }

  @Test
  void seededMutantsOfTheCorpus_readOrFailClearly() {
    Fuzzing.replayMutants(getClass(), "decode", 300, this::decode);
  }

  private static boolean reads(byte[] b) {
    try {
      QuantizedModel.decode(b, "seed");
      return true;
    } catch (UncheckedIOException e) {
      return false;
    }
  }
}
