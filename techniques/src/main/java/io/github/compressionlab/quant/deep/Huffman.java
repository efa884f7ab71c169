package io.github.compressionlab.quant.deep;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Canonical Huffman codes over the int symbols {@code 0..n-1}, the last stage of Deep Compression
 * (Han, Mao and Dally, "Deep Compression", ICLR 2016, section 4): cluster indices and index gaps
 * are far from uniform, so a prefix code stores them in fewer bits than a fixed width.
 *
 * <p>A code is fully described by its code lengths (0 = symbol unused), which is what {@link
 * DeepCompressedFile} stores. Canonical codes are assigned as in DEFLATE (RFC 1951, 3.2.2): shorter
 * codes first, and within one length in symbol order. Bits are written most significant first
 * within each byte; the last byte is padded with zeros.
 *
 * <pre>{@code
 * Huffman.Code code = Huffman.Code.fromFrequencies(Huffman.frequencies(symbols, 32));
 * byte[] bits = code.encode(symbols);
 * int[] back = code.decode(bits, symbols.length);
 * }</pre>
 */
public final class Huffman {
  /** Longest code {@link Code#fromFrequencies(long[])} builds. */
  public static final int MAX_CODE_LENGTH = 24;

  private Huffman() {}

  /** How often each of {@code 0..alphabetSize-1} occurs in {@code symbols}. */
  public static long[] frequencies(int[] symbols, int alphabetSize) {
    long[] f = new long[alphabetSize];
    for (int s : symbols) {
      if (s < 0 || s >= alphabetSize) {
        throw new IllegalArgumentException(
            "symbol " + s + " is outside the alphabet 0.." + (alphabetSize - 1));
      }
      f[s]++;
    }
    return f;
  }

  /**
   * Huffman code lengths for {@code frequencies} (0 for symbols that never occur), no longer than
   * {@code maxLength}. A single used symbol gets length 1. When the optimal code is too long, the
   * frequencies are halved (rounding up, so used symbols stay used) and the tree rebuilt until it
   * fits; that costs a little optimality only for extremely skewed inputs. Ties are broken by
   * symbol order, so the result is deterministic.
   */
  public static int[] codeLengths(long[] frequencies, int maxLength) {
    int used = 0;
    for (long f : frequencies) {
      if (f < 0) {
        throw new IllegalArgumentException("frequencies must be ≥ 0, got " + f);
      }
      if (f > 0) {
        used++;
      }
    }
    if (maxLength < 1 || maxLength > 31) {
      throw new IllegalArgumentException("maxLength must be in 1..31, got " + maxLength);
    }
    if (used > (1L << maxLength)) {
      throw new IllegalArgumentException(
          used + " symbols do not fit in codes of at most " + maxLength + " bits");
    }
    int[] lengths = new int[frequencies.length];
    if (used == 0) {
      return lengths;
    }
    if (used == 1) {
      for (int i = 0; i < frequencies.length; i++) {
        if (frequencies[i] > 0) {
          lengths[i] = 1;
        }
      }
      return lengths;
    }
    long[] f = frequencies.clone();
    while (true) {
      treeLengths(f, lengths);
      int max = Arrays.stream(lengths).max().orElse(0);
      if (max <= maxLength) {
        return lengths;
      }
      for (int i = 0; i < f.length; i++) {
        f[i] = f[i] == 0 ? 0 : (f[i] + 1) / 2;
      }
    }
  }

  /** Plain Huffman tree depths; nodes ordered by (weight, smallest symbol beneath). */
  private static void treeLengths(long[] f, int[] lengths) {
    int n = f.length;
    // nodes 0..n-1 are leaves, then internal nodes; parent[] gives the tree
    int[] parent = new int[2 * n];
    long[] weight = new long[2 * n];
    int[] order = new int[2 * n];
    PriorityQueue<Integer> queue =
        new PriorityQueue<>(
            (a, b) ->
                weight[a] != weight[b]
                    ? Long.compare(weight[a], weight[b])
                    : Integer.compare(order[a], order[b]));
    for (int i = 0; i < n; i++) {
      weight[i] = f[i];
      order[i] = i;
      if (f[i] > 0) {
        queue.add(i);
      }
    }
    int next = n;
    while (queue.size() > 1) {
      int a = queue.poll();
      int b = queue.poll();
      weight[next] = weight[a] + weight[b];
      order[next] = Math.min(order[a], order[b]);
      parent[a] = next;
      parent[b] = next;
      queue.add(next);
      next++;
    }
    int root = queue.poll();
    for (int i = 0; i < n; i++) {
      if (f[i] == 0) {
        lengths[i] = 0;
        continue;
      }
      int depth = 0;
      for (int x = i; x != root; x = parent[x]) {
        depth++;
      }
      lengths[i] = depth;
    }
  }

  /**
   * Canonical code values for {@code lengths}: code {@code i} is the low {@code lengths[i]} bits of
   * {@code codes[i]}.
   */
  public static int[] canonicalCodes(int[] lengths) {
    int max = 0;
    for (int l : lengths) {
      if (l < 0 || l > 31) {
        throw new IllegalArgumentException("code lengths must be in 0..31, got " + l);
      }
      max = Math.max(max, l);
    }
    long[] count = new long[max + 2];
    for (int l : lengths) {
      if (l > 0) {
        count[l]++;
      }
    }
    long[] next = new long[max + 2];
    long code = 0;
    for (int len = 1; len <= max; len++) {
      code = (code + count[len - 1]) << 1;
      if (len == 1) {
        code = 0;
      }
      next[len] = code;
    }
    // Kraft: the codes of each length must fit
    double kraft = 0;
    for (int len = 1; len <= max; len++) {
      kraft += count[len] / Math.pow(2, len);
    }
    if (kraft > 1 + 1e-12) {
      throw new IllegalArgumentException(
          "code lengths "
              + Arrays.toString(lengths)
              + " do not form a prefix code (Kraft sum "
              + kraft
              + " > 1); the length table is corrupt");
    }
    int[] codes = new int[lengths.length];
    for (int i = 0; i < lengths.length; i++) {
      if (lengths[i] > 0) {
        codes[i] = (int) next[lengths[i]]++;
      }
    }
    return codes;
  }

  /** A canonical Huffman code given by its code lengths. Immutable. */
  public static final class Code {
    private final int[] lengths;
    private final int[] codes;
    private final int maxLength;
    // canonical decoding tables (as in zlib's puff.c): per length, how many codes and where their
    // symbols start in `sorted`
    private final int[] count;
    private final int[] sorted;

    private Code(int[] lengths) {
      this.lengths = lengths.clone();
      this.codes = canonicalCodes(this.lengths);
      this.maxLength = Arrays.stream(this.lengths).max().orElse(0);
      this.count = new int[maxLength + 1];
      int used = 0;
      for (int l : this.lengths) {
        if (l > 0) {
          count[l]++;
          used++;
        }
      }
      int[] offset = new int[maxLength + 2];
      for (int len = 1; len <= maxLength; len++) {
        offset[len + 1] = offset[len] + count[len];
      }
      this.sorted = new int[used];
      for (int s = 0; s < this.lengths.length; s++) {
        if (this.lengths[s] > 0) {
          sorted[offset[this.lengths[s]]++] = s;
        }
      }
    }

    /** The code with these lengths (0 = unused symbol); checks that they form a prefix code. */
    public static Code fromLengths(int[] lengths) {
      return new Code(lengths);
    }

    /** The optimal code for {@code frequencies}, limited to {@link #MAX_CODE_LENGTH} bits. */
    public static Code fromFrequencies(long[] frequencies) {
      return new Code(codeLengths(frequencies, MAX_CODE_LENGTH));
    }

    /** Code length of each symbol, 0 for unused ones. */
    public int[] lengths() {
      return lengths.clone();
    }

    /** Canonical code value of each symbol (its low {@code lengths()[s]} bits). */
    public int[] codes() {
      return codes.clone();
    }

    public int alphabetSize() {
      return lengths.length;
    }

    /** Bits needed to encode symbols with these frequencies. */
    public long encodedBits(long[] frequencies) {
      long bits = 0;
      for (int s = 0; s < frequencies.length; s++) {
        if (frequencies[s] > 0 && (s >= lengths.length || lengths[s] == 0)) {
          throw new IllegalArgumentException("symbol " + s + " has no code");
        }
        bits += frequencies[s] * (s < lengths.length ? lengths[s] : 0);
      }
      return bits;
    }

    /** {@code symbols} as a bit stream, most significant bit first, zero-padded to a byte. */
    public byte[] encode(int[] symbols) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(symbols.length / 2 + 8);
      long buffer = 0;
      int filled = 0;
      for (int s : symbols) {
        if (s < 0 || s >= lengths.length || lengths[s] == 0) {
          throw new IllegalArgumentException(
              "symbol "
                  + s
                  + " has no code in this Huffman code (alphabet 0.."
                  + (lengths.length - 1)
                  + "); build the code from frequencies that include it");
        }
        buffer = (buffer << lengths[s]) | codes[s];
        filled += lengths[s];
        while (filled >= 8) {
          filled -= 8;
          out.write((int) (buffer >>> filled) & 0xFF);
        }
        buffer &= (1L << filled) - 1;
      }
      if (filled > 0) {
        out.write((int) (buffer << (8 - filled)) & 0xFF);
      }
      return out.toByteArray();
    }

    /**
     * The first {@code count} symbols in {@code bits}.
     *
     * @throws IllegalArgumentException if the bits run out or hold a code that does not exist
     */
    public int[] decode(byte[] bits, int count) {
      int[] out = new int[count];
      long totalBits = 8L * bits.length;
      long pos = 0;
      for (int i = 0; i < count; i++) {
        int code = 0;
        int first = 0;
        int index = 0;
        int len = 1;
        while (true) {
          if (len > maxLength) {
            throw new IllegalArgumentException(
                "invalid Huffman code at bit " + pos + " (symbol " + i + " of " + count + ")");
          }
          if (pos >= totalBits) {
            throw new IllegalArgumentException(
                "Huffman stream ends after " + i + " of " + count + " symbols; it is truncated");
          }
          int bit = (bits[(int) (pos >>> 3)] >>> (7 - (int) (pos & 7))) & 1;
          pos++;
          code |= bit;
          int c = this.count[len];
          if (code - first < c) {
            out[i] = sorted[index + code - first];
            break;
          }
          index += c;
          first += c;
          first <<= 1;
          code <<= 1;
          len++;
        }
      }
      return out;
    }

    @Override
    public String toString() {
      return "Huffman.Code(" + alphabetSize() + " symbols, max length " + maxLength + ")";
    }
  }
}
