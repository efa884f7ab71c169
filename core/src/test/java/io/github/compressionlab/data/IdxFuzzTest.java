package io.github.compressionlab.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.compressionlab.testing.Fuzzing;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IDX reader on fuzzed bytes: it reads them or throws an {@link IOException} naming the file,
 * and never allocates more than a few times the data it holds (a gzip file counts at deflate's
 * largest ratio, 1032:1). {@code ./lab fuzz idx} runs a campaign.
 */
class IdxFuzzTest {
  private static final Fuzzing.Budget PLAIN = new Fuzzing.Budget(4, 256 << 10, false);
  private static final Fuzzing.Budget GZIP = new Fuzzing.Budget(4 * 1032, 256 << 10, false);

  @BeforeAll
  static void warmUp() {
    Fuzzing.warmUp(IdxFuzzTest.class, "decode", new IdxFuzzTest()::decode);
  }

  @FuzzTest
  void decode(byte[] input) {
    boolean gzip = input.length >= 2 && (input[0] & 0xFF) == 0x1f && (input[1] & 0xFF) == 0x8b;
    Fuzzing.readOrClearError(
        input, gzip ? GZIP : PLAIN, b -> Idx.decode(b, Fuzzing.SOURCE), IOException.class);
  }

  @Test
  void corpus_holdsRealFilesThatRead() {
    List<byte[]> seeds = Fuzzing.corpus(getClass(), "decode");
    long readable =
        seeds.stream()
            .filter(
                b -> {
                  try {
                    Idx.decode(b, "seed");
                    return true;
                  } catch (IOException e) {
                    return false;
                  }
                })
            .count();
    assertTrue(readable >= 2, "the corpus should hold readable IDX files, has " + readable);
  }

  @Test
  void seededMutantsOfTheCorpus_readOrFailClearly() {
    Fuzzing.replayMutants(getClass(), "decode", 500, this::decode);
  }
}
