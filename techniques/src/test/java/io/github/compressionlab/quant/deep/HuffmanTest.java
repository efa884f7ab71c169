package io.github.compressionlab.quant.deep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HuffmanTest {

  @Test
  void codeLengths_handExample() {
    // a:5 b:2 c:1 d:1 → merge c+d (2), then b+(cd) (4), then a+(b(cd)) (9):
    // a depth 1, b depth 2, c and d depth 3
    assertArrayEquals(new int[] {1, 2, 3, 3}, Huffman.codeLengths(new long[] {5, 2, 1, 1}, 24));
  }

  @Test
  void canonicalCodes_shorterFirstThenSymbolOrder() {
    // lengths 1,2,3,3 → a=0, b=10, c=110, d=111
    assertArrayEquals(
        new int[] {0b0, 0b10, 0b110, 0b111}, Huffman.canonicalCodes(new int[] {1, 2, 3, 3}));
    // lengths b=1, a=2, c=2 (symbol order within a length): b=0, a=10, c=11
    assertArrayEquals(new int[] {0b10, 0b0, 0b11}, Huffman.canonicalCodes(new int[] {2, 1, 2}));
  }

  @Test
  void encode_handExample_bitsAreTheCanonicalCodes() {
    Huffman.Code code = Huffman.Code.fromLengths(new int[] {1, 2, 3, 3});
    // a b c d a → 0 10 110 111 0 = 0101 1011 10(00 padding) = 0x5B, 0x80
    byte[] bits = code.encode(new int[] {0, 1, 2, 3, 0});
    assertArrayEquals(new byte[] {0x5B, (byte) 0x80}, bits);
    assertArrayEquals(new int[] {0, 1, 2, 3, 0}, code.decode(bits, 5));
    // 5·1 + 2·2 + 1·3 + 1·3 = 15 bits for the frequencies themselves
    assertEquals(15, code.encodedBits(new long[] {5, 2, 1, 1}));
  }

  @Test
  void roundTrip_randomSeededStream() {
    SplittableRandom r = new SplittableRandom(7);
    int[] symbols = new int[10_000];
    for (int i = 0; i < symbols.length; i++) {
      symbols[i] = r.nextInt(50);
    }
    assertRoundTrip(symbols, 50);
  }

  @Test
  void roundTrip_skewedStream_beatsFixedWidth() {
    SplittableRandom r = new SplittableRandom(11);
    int[] symbols = new int[20_000];
    for (int i = 0; i < symbols.length; i++) {
      int s = 0;
      while (s < 31 && r.nextDouble() < 0.5) {
        s++;
      }
      symbols[i] = s; // geometric: P(s) = 2^-(s+1), entropy ≈ 2 bits
    }
    byte[] bits = assertRoundTrip(symbols, 32);
    // 5 bits fixed width would take 12,500 bytes; the entropy is 2 bits = 5,000 bytes
    assertTrue(bits.length < 5_200, "got " + bits.length + " bytes");
  }

  @Test
  void singleSymbol_getsOneBitCodes() {
    long[] f = {0, 3, 0};
    assertArrayEquals(new int[] {0, 1, 0}, Huffman.codeLengths(f, 24));
    Huffman.Code code = Huffman.Code.fromFrequencies(f);
    byte[] bits = code.encode(new int[] {1, 1, 1});
    assertArrayEquals(new byte[] {0}, bits); // three 0 bits, padded
    assertArrayEquals(new int[] {1, 1, 1}, code.decode(bits, 3));
  }

  @Test
  void empty_encodesToNothing() {
    Huffman.Code code = Huffman.Code.fromFrequencies(new long[] {0, 0});
    assertArrayEquals(new int[] {0, 0}, code.lengths());
    assertEquals(0, code.encode(new int[0]).length);
    assertEquals(0, code.decode(new byte[0], 0).length);
    assertEquals(0, Huffman.Code.fromFrequencies(new long[0]).encode(new int[0]).length);
  }

  @Test
  void lengthLimit_fibonacciFrequencies_capped() {
    // Fibonacci frequencies give the deepest possible tree: 29 levels for 30 symbols
    long[] f = new long[30];
    f[0] = 1;
    f[1] = 1;
    for (int i = 2; i < f.length; i++) {
      f[i] = f[i - 1] + f[i - 2];
    }
    assertEquals(29, Arrays.stream(Huffman.codeLengths(f, 31)).max().getAsInt());
    int[] limited = Huffman.codeLengths(f, 24);
    assertTrue(Arrays.stream(limited).max().getAsInt() <= 24);
    double kraft = Arrays.stream(limited).mapToDouble(l -> Math.pow(2, -l)).sum();
    assertTrue(kraft <= 1.0);
    int[] symbols = new int[f.length];
    for (int i = 0; i < symbols.length; i++) {
      symbols[i] = i;
    }
    Huffman.Code code = Huffman.Code.fromLengths(limited);
    assertArrayEquals(symbols, code.decode(code.encode(symbols), symbols.length));
  }

  @Test
  void decode_truncatedStream_says_truncated() {
    Huffman.Code code = Huffman.Code.fromLengths(new int[] {1, 2, 3, 3});
    // 3 × "111" = 9 bits → 2 bytes; the 7 padding zeros read as 7 a's, then the bits run out
    byte[] bits = code.encode(new int[] {3, 3, 3});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> code.decode(bits, 11));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void encode_symbolWithoutCode_isRejected() {
    Huffman.Code code = Huffman.Code.fromFrequencies(new long[] {1, 0, 1});
    assertThrows(IllegalArgumentException.class, () -> code.encode(new int[] {1}));
  }

  @Test
  void fromLengths_overfullLengths_isRejected() {
    // three codes of length 1 cannot be a prefix code (Kraft sum 1.5)
    assertThrows(
        IllegalArgumentException.class, () -> Huffman.Code.fromLengths(new int[] {1, 1, 1}));
  }

  private static byte[] assertRoundTrip(int[] symbols, int alphabet) {
    Huffman.Code code = Huffman.Code.fromFrequencies(Huffman.frequencies(symbols, alphabet));
    byte[] bits = code.encode(symbols);
    assertArrayEquals(symbols, code.decode(bits, symbols.length));
    // and the lengths alone rebuild the same code
    assertArrayEquals(
        symbols, Huffman.Code.fromLengths(code.lengths()).decode(bits, symbols.length));
    return bits;
  }
}
