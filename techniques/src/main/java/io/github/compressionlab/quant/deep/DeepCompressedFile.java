package io.github.compressionlab.quant.deep;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.compressionlab.Lab;
import io.github.compressionlab.io.AtomicWrite;
import io.github.compressionlab.io.DeclaredArchitecture;
import io.github.compressionlab.nn.Layer;
import io.github.compressionlab.nn.Parameter;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.WeightedLayer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The lab's Deep Compression file (Han, Mao and Dally, ICLR 2016): a pruned, weight-shared model
 * stored as centroid tables, Huffman-coded cluster indices and Huffman-coded gaps between non-zero
 * weights. {@link #read} rebuilds a {@link Sequential} whose weights are bit-identical to the model
 * that was written (zeros are read back as +0.0).
 *
 * <p>Every Dense and Conv2d {@code weight} is stored "shared": its distinct non-zero values (at
 * most 2^8, which {@link WeightSharing} guarantees) form the centroid table; zeros are pruned
 * weights and cost only their share of the gap stream. All other tensors (biases, batch-norm
 * statistics) are stored as raw float32.
 *
 * <h2>Layout, byte by byte (all integers little-endian)</h2>
 *
 * <pre>
 * offset  size  field
 * 0       4     magic "CLDC" (0x43 0x4C 0x44 0x43)
 * 4       2     version, u16 = 1
 * 6       4     H = header length in bytes, u32
 * 10      H     header: UTF-8 JSON object
 *                 "format": "compression-lab-deep/1"
 *                 "library": "compression-lab &lt;version&gt;"
 *                 "architecture": the object Sequential.architectureJson() describes (compact; the
 *                                 same description ModelFile stores as a string)
 *                 "metadata": { caller's string facts }
 *                 "tensors": [ one object per parameter, in Sequential.parameters() order:
 *                   {"name", "shape": [...], "encoding": "f32"}  or
 *                   {"name", "shape", "encoding": "shared", "bits": b, "centroids": m, "nnz": n,
 *                    "gapBits": g, "gapSymbols": s, "indexBytes": ib, "gapBytes": gb} ]
 * 10+H    ...   the tensors' bodies, in header order:
 *               f32:    product(shape) float32 values, row-major
 *               shared: m   float32  centroid table (the distinct non-zero values, ascending)
 *                       m   u8       Huffman code length of each cluster index 0..m-1 (0 = unused)
 *                       2^g+1 u8     Huffman code length of each gap symbol 0..2^g
 *                       ib  bytes    cluster index of each non-zero weight, in row-major order,
 *                                    canonical Huffman, most significant bit first, zero-padded
 *                       gb  bytes    gap stream (s symbols), same coding: before each non-zero
 *                                    weight, the number z of zeros since the previous non-zero
 *                                    (or the start) is written as symbol 2^g ("skip 2^g zeros")
 *                                    repeated z / 2^g times, then symbol z mod 2^g
 * end-4   4     CRC-32 (java.util.zip.CRC32) of every byte before it, u32
 * </pre>
 *
 * <p>The gap width {@code g} (1..8) is chosen per tensor as the one giving the fewest bytes. This
 * is Han's "filler zero" scheme with the filler folded into the Huffman alphabet as an escape
 * symbol, so a filler costs a few bits instead of a whole entry. Huffman codes are canonical (see
 * {@link Huffman}), so the code-length tables define them completely.
 *
 * <p>{@link #read} checks magic, version, length and checksum before anything else, and throws an
 * {@link IOException} saying what is wrong with the file and what to do.
 *
 * <pre>{@code
 * WeightSharing.defaults().denseBits(4).apply(pruned);
 * long bytes = DeepCompressedFile.write(pruned, Path.of("lenet.cldc"));
 * Sequential back = DeepCompressedFile.read(Path.of("lenet.cldc"));
 * }</pre>
 */
public final class DeepCompressedFile {
  /** The four bytes every file starts with. */
  public static final String MAGIC = "CLDC";

  /** The version this class writes and reads. */
  public static final int VERSION = 1;

  /** The header's {@code format} value. */
  public static final String FORMAT = "compression-lab-deep/1";

  private static final int PREFIX = 10;

  /**
   * A Deep Compression file is at most this many times smaller than its float32 parameters: a
   * header declaring a larger architecture is damaged and is refused before anything is allocated
   * (the lab's LeNet-300-100 at 3 bits is 44.8 times smaller).
   */
  public static final int MAX_EXPANSION = 1024;

  private DeepCompressedFile() {}

  /**
   * How one tensor is stored.
   *
   * @param name dotted parameter name
   * @param shared true for Deep Compression coding, false for raw float32
   * @param size elements
   * @param nonZeros non-zero elements
   * @param bits index width of the codebook (0 for float32 tensors)
   * @param centroids distinct non-zero values stored
   * @param gapBits chosen gap width g
   * @param gapSymbols symbols in the gap stream (non-zeros plus fillers)
   * @param bytes bytes of the tensor's body in the file (float32: 4·size)
   * @param fixedWidthBytes what the same shared tensor takes before Huffman coding, in Han's
   *     fixed-width form: the centroid table plus {@code bits + gw} bits per entry, {@code gw = 5}
   *     for Dense and 8 for Conv2d, with a zero "filler" entry wherever a gap needs more than gw
   *     bits (float32 tensors: 4·size)
   */
  public record TensorLayout(
      String name,
      boolean shared,
      long size,
      long nonZeros,
      int bits,
      int centroids,
      int gapBits,
      long gapSymbols,
      long bytes,
      long fixedWidthBytes) {}

  /** Writes {@code model} atomically and returns the file's size in bytes. */
  public static long write(Sequential model, Path file) throws IOException {
    return write(model, file, Map.of());
  }

  /**
   * Writes {@code model} with the caller's facts ({@code metadata}, e.g. accuracy, seed) atomically
   * and returns the file's size in bytes.
   *
   * @throws IllegalArgumentException if a Dense or Conv2d weight has more than 256 distinct
   *     non-zero values, i.e. the model was not weight-shared
   */
  public static long write(Sequential model, Path file, Map<String, String> metadata)
      throws IOException {
    byte[] bytes = encode(model, metadata);
    AtomicWrite.write(file, bytes);
    return bytes.length;
  }

  /** How each tensor of {@code model} would be stored (sizes as in the file). */
  public static List<TensorLayout> layout(Sequential model) {
    List<TensorLayout> out = new ArrayList<>();
    for (Encoded e : encodeTensors(model)) {
      out.add(e.layout);
    }
    return out;
  }

  /** The file's bytes, as {@link #write} would write them. */
  public static byte[] encode(Sequential model, Map<String, String> metadata) {
    List<Encoded> tensors = encodeTensors(model);
    JsonObject header = new JsonObject();
    header.addProperty("format", FORMAT);
    header.addProperty("library", "compression-lab " + Lab.version());
    header.add("architecture", JsonParser.parseString(model.architectureJson()));
    JsonObject meta = new JsonObject();
    if (metadata != null) {
      metadata.forEach(meta::addProperty);
    }
    header.add("metadata", meta);
    JsonArray list = new JsonArray();
    for (Encoded e : tensors) {
      list.add(e.header);
    }
    header.add("tensors", list);
    byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(MAGIC.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(le(2).putShort((short) VERSION).array());
    out.writeBytes(le(4).putInt(h.length).array());
    out.writeBytes(h);
    for (Encoded e : tensors) {
      out.writeBytes(e.body);
    }
    CRC32 crc = new CRC32();
    byte[] content = out.toByteArray();
    crc.update(content);
    out.writeBytes(le(4).putInt((int) crc.getValue()).array());
    return out.toByteArray();
  }

  /** Reads a file written by {@link #write}. */
  public static Sequential read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException("Deep Compression file " + file + " does not exist", e);
    }
    return decode(bytes, file.toString());
  }

  /** The caller's metadata stored in {@code file}. */
  public static Map<String, String> metadata(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    JsonObject header = checkedHeader(bytes, file.toString());
    Map<String, String> m = new LinkedHashMap<>();
    if (header.has("metadata")) {
      for (Map.Entry<String, JsonElement> e : header.getAsJsonObject("metadata").entrySet()) {
        m.put(e.getKey(), e.getValue().getAsString());
      }
    }
    return m;
  }

  /** Rebuilds the model from a file's bytes; {@code source} names it in error messages. */
  public static Sequential decode(byte[] bytes, String source) throws IOException {
    JsonObject header = checkedHeader(bytes, source);
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, bytes.length - 4).order(ByteOrder.LITTLE_ENDIAN);
    in.position(PREFIX + in.getInt(6));
    JsonElement archJson = header.get("architecture");
    if (archJson == null || !archJson.isJsonObject()) {
      throw damaged(source, "has no architecture object in its header");
    }
    if (!header.has("tensors") || !header.get("tensors").isJsonArray()) {
      throw damaged(source, "has no tensors list in its header");
    }
    Sequential model;
    try {
      // checked before the model and its native memory are allocated
      DeclaredArchitecture arch = DeclaredArchitecture.of(archJson.toString(), source);
      arch.requireAtMost(
          (long) MAX_EXPANSION * bytes.length,
          source,
          "bytes a Deep Compression file of "
              + bytes.length
              + " bytes can hold ("
              + MAX_EXPANSION
              + "x)");
      model = arch.build();
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    try {
      Map<String, Parameter> params = model.parameters();
      Set<String> seen = new HashSet<>();
      for (JsonElement el : header.getAsJsonArray("tensors")) {
        JsonObject t = el.getAsJsonObject();
        String name = t.get("name").getAsString();
        Parameter p = params.get(name);
        if (p == null || !seen.add(name)) {
          throw damaged(source, "lists tensor '" + name + "' that its architecture does not have");
        }
        long[] shape = longs(t.getAsJsonArray("shape"));
        if (!Arrays.equals(shape, p.shape())) {
          throw damaged(
              source,
              "stores '"
                  + name
                  + "' with shape "
                  + Arrays.toString(shape)
                  + " but its architecture needs "
                  + Arrays.toString(p.shape()));
        }
        int size = Math.toIntExact(p.size());
        float[] values;
        String encoding = t.get("encoding").getAsString();
        if (encoding.equals("f32")) {
          if (4L * size > in.remaining()) {
            throw damaged(
                source,
                "needs "
                    + 4L * size
                    + " bytes for '"
                    + name
                    + "' but only "
                    + in.remaining()
                    + " remain");
          }
          values = new float[size];
          in.asFloatBuffer().get(values);
          in.position(in.position() + 4 * size);
        } else if (encoding.equals("shared")) {
          values = decodeShared(in, t, size, source);
        } else {
          throw damaged(source, "uses unknown encoding '" + encoding + "' for '" + name + "'");
        }
        p.setValue(Nd4j.create(values, shape, 'c'));
      }
      if (seen.size() != params.size()) {
        Set<String> missing = new HashSet<>(params.keySet());
        missing.removeAll(seen);
        throw damaged(source, "has no data for parameters " + missing);
      }
      if (in.remaining() != 0) {
        throw damaged(source, "has " + in.remaining() + " bytes after its last tensor");
      }
      return model;
    } catch (java.nio.BufferUnderflowException
        | IndexOutOfBoundsException
        | IllegalStateException
        | UnsupportedOperationException
        | NullPointerException
        | ClassCastException e) {
      throw damaged(source, "is inconsistent with its header (" + e + ")");
    } catch (IllegalArgumentException e) {
      throw damaged(source, "does not decode: " + e.getMessage());
    }
  }

  private static float[] decodeShared(ByteBuffer in, JsonObject t, int size, String source)
      throws IOException {
    int m = t.get("centroids").getAsInt();
    int nnz = t.get("nnz").getAsInt();
    int g = t.get("gapBits").getAsInt();
    int gapSymbols = t.get("gapSymbols").getAsInt();
    int ib = t.get("indexBytes").getAsInt();
    int gb = t.get("gapBytes").getAsInt();
    // every Huffman symbol takes at least one bit, so the streams bound the counts
    if (m < 0
        || m > 256
        || g < 1
        || g > 8
        || nnz < 0
        || nnz > size
        || gapSymbols < nnz
        || ib < 0
        || gb < 0
        || (long) nnz > 8L * ib
        || (long) gapSymbols > 8L * gb
        || 4L * m + m + (1L << g) + 1 + ib + gb > in.remaining()) {
      throw damaged(source, "has impossible sizes for '" + t.get("name").getAsString() + "'");
    }
    float[] table = new float[m];
    in.asFloatBuffer().get(table);
    in.position(in.position() + 4 * m);
    int[] indexLengths = unsigned(in, m);
    int[] gapLengths = unsigned(in, (1 << g) + 1);
    byte[] indexBits = new byte[ib];
    in.get(indexBits);
    byte[] gapBits = new byte[gb];
    in.get(gapBits);
    int[] idx =
        nnz == 0 ? new int[0] : Huffman.Code.fromLengths(indexLengths).decode(indexBits, nnz);
    int[] gaps =
        gapSymbols == 0
            ? new int[0]
            : Huffman.Code.fromLengths(gapLengths).decode(gapBits, gapSymbols);
    float[] values = new float[size];
    int filler = 1 << g;
    long pos = 0;
    int k = 0;
    for (int s : gaps) {
      if (s == filler) {
        pos += filler;
        continue;
      }
      pos += s;
      if (pos >= size || k >= nnz) {
        throw damaged(
            source, "has a gap stream that runs past '" + t.get("name").getAsString() + "'");
      }
      values[(int) pos] = table[idx[k++]];
      pos++;
    }
    if (k != nnz) {
      throw damaged(
          source,
          "has " + k + " gaps for " + nnz + " non-zeros of '" + t.get("name").getAsString() + "'");
    }
    return values;
  }

  /** Checks magic, version, length and checksum, then parses the JSON header. */
  private static JsonObject checkedHeader(byte[] bytes, String source) throws IOException {
    if (bytes.length < 4 || !new String(bytes, 0, 4, StandardCharsets.ISO_8859_1).equals(MAGIC)) {
      String start =
          new String(bytes, 0, Math.min(4, bytes.length), StandardCharsets.ISO_8859_1)
              .replaceAll("\\p{Cntrl}", "?");
      throw new IOException(
          "file "
              + source
              + " is not a Deep Compression file: it starts with '"
              + start
              + "', not '"
              + MAGIC
              + "'. Read safetensors model files with ModelFile.load (sparse ones with"
              + " SparseModelFile.load), and write Deep Compression files with"
              + " DeepCompressedFile.write");
    }
    if (bytes.length < PREFIX + 4) {
      throw truncated(source, bytes.length);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int version = Short.toUnsignedInt(b.getShort(4));
    if (version != VERSION) {
      throw new IOException(
          "file "
              + source
              + " is Deep Compression version "
              + version
              + ", this library reads version "
              + VERSION
              + "; write it again with this version of the lab");
    }
    long h = Integer.toUnsignedLong(b.getInt(6));
    if (PREFIX + h + 4 > bytes.length) {
      throw truncated(source, bytes.length);
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    long stored = Integer.toUnsignedLong(b.getInt(bytes.length - 4));
    if (stored != crc.getValue()) {
      throw new IOException(
          String.format(
              "file %s is damaged or truncated: its CRC-32 is %08x but its content gives %08x"
                  + " (%,d bytes); copy it again or write it again with DeepCompressedFile.write",
              source, stored, crc.getValue(), bytes.length));
    }
    try {
      JsonObject header =
          JsonParser.parseString(new String(bytes, PREFIX, (int) h, StandardCharsets.UTF_8))
              .getAsJsonObject();
      String format = header.get("format").getAsString();
      if (!FORMAT.equals(format)) {
        throw new IOException(
            "file " + source + " has format '" + format + "', this library reads '" + FORMAT + "'");
      }
      return header;
    } catch (RuntimeException e) {
      throw damaged(source, "has an unreadable header (" + e.getMessage() + ")");
    }
  }

  private static IOException truncated(String source, int length) {
    return new IOException(
        "file "
            + source
            + " is truncated ("
            + length
            + " bytes, shorter than its header says); copy it again or write it again with"
            + " DeepCompressedFile.write");
  }

  private static IOException damaged(String source, String what) {
    return new IOException(
        "Deep Compression file "
            + source
            + " "
            + what
            + "; the file is damaged or was written by other software; write it again with"
            + " DeepCompressedFile.write");
  }

  // ---------------------------------------------------------------- encoding

  private record Encoded(JsonObject header, byte[] body, TensorLayout layout) {}

  private static List<Encoded> encodeTensors(Sequential model) {
    Set<String> sharedNames = new HashSet<>();
    Map<String, Boolean> conv = new LinkedHashMap<>();
    for (Layer l : model.layers()) {
      if (l instanceof WeightedLayer w) {
        sharedNames.add(l.name() + ".weight");
        // Han et al. index conv weights with 8-bit gaps and fully connected ones with 5
        conv.put(l.name() + ".weight", w.weight().value().rank() > 2);
      }
    }
    List<Encoded> out = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
      String name = e.getKey();
      Parameter p = e.getValue();
      float[] v = p.value().dup('c').data().asFloat();
      if (sharedNames.contains(name)) {
        out.add(encodeShared(name, p.shape(), v, conv.get(name)));
      } else {
        ByteBuffer b = le(4 * v.length);
        b.asFloatBuffer().put(v);
        JsonObject h = new JsonObject();
        h.addProperty("name", name);
        h.add("shape", json(p.shape()));
        h.addProperty("encoding", "f32");
        long n = v.length;
        out.add(
            new Encoded(
                h,
                b.array(),
                new TensorLayout(name, false, n, countNonZeros(v), 0, 0, 0, 0, 4 * n, 4 * n)));
      }
    }
    return out;
  }

  private static Encoded encodeShared(String name, long[] shape, float[] v, boolean conv) {
    // the distinct non-zero values are the centroid table
    float[] nz = new float[v.length];
    int nnz = 0;
    for (float x : v) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException(
            "'" + name + "' contains " + x + "; only finite weights can be written");
      }
      if (x != 0f) {
        nz[nnz++] = x;
      }
    }
    float[] sorted = Arrays.copyOf(nz, nnz);
    Arrays.sort(sorted);
    int m = 0;
    for (int i = 0; i < nnz; i++) {
      if (m == 0 || sorted[i] != sorted[m - 1]) {
        sorted[m++] = sorted[i];
      }
      if (m > 256) {
        throw new IllegalArgumentException(
            "'"
                + name
                + "' has more than 256 distinct non-zero weights, so it is not weight-shared;"
                + " call WeightSharing.defaults().apply(model) (then fine-tune with"
                + " CentroidTuning) before DeepCompressedFile.write");
      }
    }
    float[] table = Arrays.copyOf(sorted, m);
    int bits = 1;
    while ((1 << bits) < m) {
      bits++;
    }
    int[] idx = new int[nnz];
    for (int i = 0; i < nnz; i++) {
      idx[i] = Arrays.binarySearch(table, nz[i]);
    }
    Huffman.Code indexCode = Huffman.Code.fromFrequencies(Huffman.frequencies(idx, m));
    byte[] indexBits = indexCode.encode(idx);

    // gap stream: choose the width g giving the fewest bytes
    int bestG = 1;
    long bestBytes = Long.MAX_VALUE;
    for (int g = 1; g <= 8; g++) {
      long[] freq = Huffman.frequencies(gaps(v, g), (1 << g) + 1);
      long bytes = (Huffman.Code.fromFrequencies(freq).encodedBits(freq) + 7) / 8 + (1 << g) + 1;
      if (bytes < bestBytes) {
        bestBytes = bytes;
        bestG = g;
      }
    }
    int[] gaps = gaps(v, bestG);
    Huffman.Code gapCode =
        Huffman.Code.fromFrequencies(Huffman.frequencies(gaps, (1 << bestG) + 1));
    byte[] gapBits = gapCode.encode(gaps);

    ByteArrayOutputStream body = new ByteArrayOutputStream();
    ByteBuffer t = le(4 * m);
    t.asFloatBuffer().put(table);
    body.writeBytes(t.array());
    for (int l : indexCode.lengths()) {
      body.write(l);
    }
    for (int l : gapCode.lengths()) {
      body.write(l);
    }
    body.writeBytes(indexBits);
    body.writeBytes(gapBits);

    JsonObject h = new JsonObject();
    h.addProperty("name", name);
    h.add("shape", json(shape));
    h.addProperty("encoding", "shared");
    h.addProperty("bits", bits);
    h.addProperty("centroids", m);
    h.addProperty("nnz", nnz);
    h.addProperty("gapBits", bestG);
    h.addProperty("gapSymbols", gaps.length);
    h.addProperty("indexBytes", indexBits.length);
    h.addProperty("gapBytes", gapBits.length);
    byte[] b = body.toByteArray();
    TensorLayout layout =
        new TensorLayout(
            name,
            true,
            v.length,
            nnz,
            bits,
            m,
            bestG,
            gaps.length,
            b.length,
            fixedWidthBytes(v, bits, m, conv ? 8 : 5));
    return new Encoded(h, b, layout);
  }

  /** Gap symbols of {@code v} with escape symbol {@code 2^g} = "skip 2^g zeros". */
  static int[] gaps(float[] v, int g) {
    int filler = 1 << g;
    int[] out = new int[v.length];
    int n = 0;
    int zeros = 0;
    for (float x : v) {
      if (x == 0f) {
        zeros++;
        continue;
      }
      while (zeros >= filler) {
        out[n++] = filler;
        zeros -= filler;
      }
      out[n++] = zeros;
      zeros = 0;
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * Han's fixed-width storage: entries of {@code bits + gw} bits; a zero filler entry is stored
   * whenever more than {@code 2^gw − 1} zeros precede a weight; plus the float32 centroid table.
   */
  private static long fixedWidthBytes(float[] v, int bits, int m, int gw) {
    long entries = 0;
    int zeros = 0;
    int max = (1 << gw) - 1;
    for (float x : v) {
      if (x == 0f) {
        zeros++;
        continue;
      }
      while (zeros > max) {
        entries++; // a filler entry stands at position max, covering max + 1 positions
        zeros -= max + 1;
      }
      entries++;
      zeros = 0;
    }
    return 4L * m + (entries * (bits + gw) + 7) / 8;
  }

  private static long countNonZeros(float[] v) {
    long n = 0;
    for (float x : v) {
      if (x != 0f) {
        n++;
      }
    }
    return n;
  }

  private static int[] unsigned(ByteBuffer in, int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = Byte.toUnsignedInt(in.get());
    }
    return out;
  }

  private static long[] longs(JsonArray a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsLong();
    }
    return out;
  }

  private static JsonArray json(long[] shape) {
    JsonArray a = new JsonArray();
    for (long s : shape) {
      a.add(s);
    }
    return a;
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }
}
