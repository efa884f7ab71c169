package io.github.compressionlab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * What every fuzz target of a file reader checks, and the inputs its regression run replays.
 *
 * <p>A target hands each input to {@link #readOrClearError}: the reader must either read it or
 * throw one of its documented exceptions with a message naming the file; anything else (an {@code
 * ArithmeticException}, an {@code ArrayIndexOutOfBoundsException}, an {@code OutOfMemoryError}) is
 * a finding. The reader must also not allocate more than its {@link Budget} allows for an input of
 * that length, counted on the heap (the thread's allocated bytes) and, for readers that build
 * models, in ND4J's native memory: a 100-byte header must not ask for 4 GiB.
 *
 * <p>In {@code mvn verify} each target replays its committed corpus (Jazzer's regression mode: the
 * files under {@code src/test/resources/<package>/<Class>Inputs/<method>/}) and then {@link
 * #mutants} of that corpus: a fixed number of bit flips, truncations, splices and extreme integers
 * drawn from a fixed seed, so the short run is the same on every machine. Long, coverage-guided
 * campaigns are {@code ./lab fuzz}.
 */
public final class Fuzzing {
  private Fuzzing() {}

  /** The reader under test: reads one input, throwing its documented errors. */
  @FunctionalInterface
  public interface Reader {
    Object read(byte[] input) throws Exception;
  }

  /**
   * How much a read may allocate: {@code perInputByte × input length + fixedBytes}, heap and native
   * memory together.
   *
   * @param perInputByte bytes allowed per byte of input (the reader's expansion: a model file holds
   *     its floats, so about 1, plus parsed JSON and the parameters' gradients)
   * @param fixedBytes what any read may take whatever its input (buffers, class loading)
   * @param nativeMemory whether ND4J's native allocations count (readers that build models)
   */
  public record Budget(long perInputByte, long fixedBytes, boolean nativeMemory) {
    public long limit(int inputLength) {
      return perInputByte * inputLength + fixedBytes;
    }
  }

  /** The name under which fuzzed inputs are read, so error messages can be checked for it. */
  public static final String SOURCE = "fuzzed-input";

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /**
   * Reads {@code input} with {@code reader}: a result or a documented error (whose message must
   * name {@link #SOURCE}) passes; any other throwable propagates, and so does an allocation over
   * {@code budget}.
   */
  @SafeVarargs
  public static void readOrClearError(
      byte[] input, Budget budget, Reader reader, Class<? extends Exception>... documented) {
    long allocated = attempt(input, budget, reader, documented);
    if (allocated > budget.limit(input.length)) {
      // The first read of a kind loads classes and fills caches; only a second read counts.
      allocated = attempt(input, budget, reader, documented);
      if (allocated > budget.limit(input.length)) {
        throw new AssertionError(
            String.format(
                "reading a %,d-byte input allocated %,d bytes, more than its budget of %,d"
                    + " (%,d per input byte + %,d); check declared sizes against the bytes"
                    + " that are there before allocating",
                input.length,
                allocated,
                budget.limit(input.length),
                budget.perInputByte(),
                budget.fixedBytes()));
      }
    }
  }

  @SafeVarargs
  private static long attempt(
      byte[] input, Budget budget, Reader reader, Class<? extends Exception>... documented) {
    long heap0 = THREADS.getCurrentThreadAllocatedBytes();
    long native0 = budget.nativeMemory() ? NativeBytes.total() : 0;
    try {
      reader.read(input);
    } catch (Exception e) {
      if (!isDocumented(e, documented)) {
        throw new AssertionError("undocumented " + e.getClass().getName() + ": " + e, e);
      }
      String m = e.getMessage();
      if (m == null || !m.contains(SOURCE)) {
        throw new AssertionError("the error does not name the file it is about: " + m, e);
      }
    }
    long heap = THREADS.getCurrentThreadAllocatedBytes() - heap0;
    long nat = budget.nativeMemory() ? Math.max(0, NativeBytes.total() - native0) : 0;
    return heap + nat;
  }

  private static boolean isDocumented(Exception e, Class<? extends Exception>[] documented) {
    for (Class<? extends Exception> c : documented) {
      if (c.isInstance(e)) {
        return true;
      }
    }
    return false;
  }

  /** ND4J's native bytes in use (JavaCPP's count), read only by readers that build models. */
  private static final class NativeBytes {
    static long total() {
      return org.bytedeco.javacpp.Pointer.totalBytes();
    }
  }

  /**
   * Runs {@code target} once on every committed input and forgets the outcome: what a fuzz test
   * class calls before fuzzing, so that loading ND4J and the classes of a first read does not count
   * against the campaign's one-second limit per input.
   */
  public static void warmUp(Class<?> fuzzTestClass, String method, Target target) {
    for (byte[] b : corpus(fuzzTestClass, method, 1)) {
      try {
        target.run(b);
      } catch (Throwable t) {
        // a finding in a committed input shows up again in the regression run, with its input
      }
    }
  }

  /**
   * A safetensors input with its 8-byte header length set to where its JSON object actually ends
   * (braces counted outside strings), or the input itself if no object ends. A mutation that adds
   * or removes a byte of the header leaves the length wrong, which the reader refuses at once; the
   * repaired copy lets the fuzzer reach the offsets, shapes and architectures behind that check.
   */
  public static byte[] withSafetensorsLength(byte[] input) {
    if (input.length < 9 || input[8] != '{') {
      return input;
    }
    int depth = 0;
    boolean inString = false;
    for (int i = 8; i < input.length; i++) {
      byte c = input[i];
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        byte[] out = input.clone();
        java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, i + 1 - 8);
        return out;
      }
    }
    return input;
  }

  // ------------------------------------------------------------------ the committed corpus

  /**
   * The committed inputs of a fuzz test: every file under {@code <Class>Inputs/<method>/} on the
   * test class path (seeds from real files plus the inputs of past findings), sorted by name.
   */
  public static List<byte[]> corpus(Class<?> fuzzTestClass, String method) {
    return corpus(fuzzTestClass, method, Integer.MAX_VALUE);
  }

  /**
   * The committed inputs down to {@code depth} levels: 1 gives the seeds and findings in the
   * method's directory, without the campaign corpus beneath it ({@code campaign/}: the inputs a
   * long campaign kept for their coverage, replayed as they are but not mutated).
   */
  public static List<byte[]> corpus(Class<?> fuzzTestClass, String method, int depth) {
    String dir = fuzzTestClass.getSimpleName() + "Inputs/" + method;
    URL url = fuzzTestClass.getResource(dir);
    if (url == null) {
      throw new IllegalStateException(
          "no corpus at "
              + fuzzTestClass.getPackageName().replace('.', '/')
              + "/"
              + dir
              + " on the test class path; write it with FuzzCorpus (see its javadoc)");
    }
    try (Stream<Path> files = Files.walk(Path.of(url.toURI()), depth)) {
      List<byte[]> out = new ArrayList<>();
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.add(Files.readAllBytes(f));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fuzz target's body. */
  @FunctionalInterface
  public interface Target {
    void run(byte[] input) throws Exception;
  }

  /**
   * Runs {@code target} on {@code perSeed} {@link #mutants} of every committed input of {@code
   * method}, from a fixed seed. A failing mutant is written to {@code
   * target/fuzz-findings/<Class>/<method>/} (commit it under the inputs directory once fixed) and
   * the failure names that file.
   */
  public static void replayMutants(
      Class<?> fuzzTestClass, String method, int perSeed, Target target) {
    List<byte[]> seeds = corpus(fuzzTestClass, method, 1);
    for (int s = 0; s < seeds.size(); s++) {
      List<byte[]> ms = mutants(seeds.get(s), 1_000L * s + method.hashCode(), perSeed);
      for (int i = 0; i < ms.size(); i++) {
        byte[] m = ms.get(i);
        try {
          target.run(m);
        } catch (Throwable t) {
          Path saved = saveFinding(fuzzTestClass, method, "mutant-" + s + "-" + i, m);
          throw new AssertionError(
              "mutant " + i + " of seed " + s + " (saved as " + saved + "): " + t, t);
        }
      }
    }
  }

  private static Path saveFinding(Class<?> c, String method, String name, byte[] input) {
    Path dir = Path.of("target", "fuzz-findings", c.getSimpleName(), method);
    try {
      Files.createDirectories(dir);
      return Files.write(dir.resolve(name), input).toAbsolutePath();
    } catch (IOException e) {
      return Path.of("(could not save: " + e.getMessage() + ")");
    }
  }

  // ------------------------------------------------------------------ seeded mutations

  private static final long[] EXTREMES = {
    0,
    1,
    -1,
    0x7F,
    0x80,
    0xFF,
    0x7FFF,
    0x8000,
    0xFFFF,
    Integer.MAX_VALUE,
    Integer.MIN_VALUE,
    0xFFFFFFFFL,
    1L << 32,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    100_000_000L,
    1L << 31
  };

  private static final String[] NUMBERS = {
    "0", "-1", "1e9", "99999999999", "2147483648", "9223372036854775807", "1e400", "-0", "0.5"
  };

  /**
   * {@code count} mutants of {@code seed}, the same for the same {@code rngSeed}: each applies one
   * to three of bit flips, byte overwrites, truncations, insertions, chunk duplication, removal, an
   * extreme little- or big-endian integer written over 2, 4 or 8 bytes, and a digit run in text
   * replaced by an extreme number.
   */
  public static List<byte[]> mutants(byte[] seed, long rngSeed, int count) {
    SplittableRandom rng = new SplittableRandom(rngSeed);
    List<byte[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] m = seed.clone();
      int steps = 1 + rng.nextInt(3);
      for (int s = 0; s < steps; s++) {
        m = mutate(m, rng);
      }
      out.add(m);
    }
    return out;
  }

  private static byte[] mutate(byte[] b, SplittableRandom rng) {
    if (b.length == 0) {
      return new byte[] {(byte) rng.nextInt(256)};
    }
    int at = rng.nextInt(b.length);
    switch (rng.nextInt(8)) {
      case 0 -> b[at] ^= (byte) (1 << rng.nextInt(8));
      case 1 -> b[at] = (byte) EXTREMES[rng.nextInt(6)];
      case 2 -> {
        return java.util.Arrays.copyOf(b, at);
      }
      case 3 -> {
        int n = 1 + rng.nextInt(8);
        byte[] r = new byte[b.length + n];
        System.arraycopy(b, 0, r, 0, at);
        for (int i = 0; i < n; i++) {
          r[at + i] = (byte) rng.nextInt(256);
        }
        System.arraycopy(b, at, r, at + n, b.length - at);
        return r;
      }
      case 4 -> {
        int len = Math.min(b.length - at, 1 + rng.nextInt(64));
        byte[] r = new byte[b.length + len];
        System.arraycopy(b, 0, r, 0, at + len);
        System.arraycopy(b, at, r, at + len, b.length - at);
        return r;
      }
      case 5 -> {
        int len = Math.min(b.length - at, 1 + rng.nextInt(16));
        byte[] r = new byte[b.length - len];
        System.arraycopy(b, 0, r, 0, at);
        System.arraycopy(b, at + len, r, at, b.length - at - len);
        return r;
      }
      case 6 -> {
        int width = 2 << rng.nextInt(3); // 2, 4, 8
        long v = EXTREMES[rng.nextInt(EXTREMES.length)];
        boolean little = rng.nextBoolean();
        for (int i = 0; i < width && at + i < b.length; i++) {
          int shift = 8 * (little ? i : width - 1 - i);
          b[at + i] = (byte) (v >>> shift);
        }
      }
      default -> {
        return replaceNumber(b, at, NUMBERS[rng.nextInt(NUMBERS.length)]);
      }
    }
    return b;
  }

  /** Replaces the first run of ASCII digits at or after {@code from} by {@code number}. */
  private static byte[] replaceNumber(byte[] b, int from, String number) {
    int start = from;
    while (start < b.length && (b[start] < '0' || b[start] > '9')) {
      start++;
    }
    if (start == b.length) {
      return b;
    }
    int end = start;
    while (end < b.length && b[end] >= '0' && b[end] <= '9') {
      end++;
    }
    byte[] n = number.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] r = new byte[b.length - (end - start) + n.length];
    System.arraycopy(b, 0, r, 0, start);
    System.arraycopy(n, 0, r, start, n.length);
    System.arraycopy(b, end, r, start + n.length, b.length - end);
    return r;
  }
}
