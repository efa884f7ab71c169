package io.github.compressionlab.quant.deep;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.compressionlab.testing.Fuzzing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Deep Compression reader on fuzzed bytes: it rebuilds the model or throws an {@link
 * IOException} naming the file. Each input is read twice: as it is (the CRC-32 check must catch
 * it), and with its CRC-32 recomputed, so the fuzzer reaches the header, the Huffman tables and the
 * streams behind the checksum. The model may be up to {@link DeepCompressedFile#MAX_EXPANSION}
 * times the file, checked before anything is allocated; the budget allows that model, its gradients
 * and one copy. {@code ./lab fuzz deep} runs a campaign.
 */
class DeepCompressedFileFuzzTest {
  private static final Fuzzing.Budget BUDGET =
      new Fuzzing.Budget(3L * DeepCompressedFile.MAX_EXPANSION + 24, 1 << 20, true);

  @BeforeAll
  static void warmUp() {
    Fuzzing.warmUp(
        DeepCompressedFileFuzzTest.class, "decode", new DeepCompressedFileFuzzTest()::decode);
  }

  @FuzzTest
  void decode(byte[] input) {
    Fuzzing.readOrClearError(
        input, BUDGET, b -> DeepCompressedFile.decode(b, Fuzzing.SOURCE), IOException.class);
    Fuzzing.readOrClearError(
        withCrc(input),
        BUDGET,
        b -> DeepCompressedFile.decode(b, Fuzzing.SOURCE),
        IOException.class);
  }

  /** The input with its last four bytes replaced by the CRC-32 of the bytes before them. */
  static byte[] withCrc(byte[] input) {
    if (input.length < 4) {
      return input;
    }
    byte[] b = input.clone();
    CRC32 crc = new CRC32();
    crc.update(b, 0, b.length - 4);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) crc.getValue());
    return b;
  }

  @Test
  void corpus_holdsRealFilesThatRead() {
    long readable =
        Fuzzing.corpus(getClass(), "decode").stream()
            .filter(DeepCompressedFileFuzzTest::reads)
            .count();
    assertTrue(
        readable >= 2, "the corpus should hold readable Deep Compression files: " + readable);
  }

  @Test
  void seededMutantsOfTheCorpus_readOrFailClearly() {
    Fuzzing.replayMutants(getClass(), "decode", 300, this::decode);
  }

  private static boolean reads(byte[] b) {
    try {
      DeepCompressedFile.decode(b, "seed");
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
