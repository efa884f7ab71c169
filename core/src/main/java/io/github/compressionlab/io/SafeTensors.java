package io.github.compressionlab.io;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Named tensors plus string metadata in the safetensors format (Hugging Face, "safetensors" format
 * description): an unsigned little-endian 64-bit header length N, N bytes of UTF-8 JSON {@code
 * {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ..., "__metadata__":
 * {"key": "value"}}}, then the tensors' raw little-endian bytes; offsets count from the start of
 * the data. The header is padded with spaces so the data starts at a multiple of 8. Files from
 * Python's {@code safetensors.torch.save_file} read here and vice versa.
 *
 * <p>Reading checks everything a damaged or hand-edited file can get wrong (header length, JSON,
 * dtypes, shapes, offsets out of range, overlapping or leaving holes, byte lengths that do not
 * match shape × dtype) and says which file and which tensor is at fault.
 */
public final class SafeTensors {
  /** Largest header accepted, as in the reference implementation: 100 MB. */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  private static final String METADATA_KEY = "__metadata__";

  /** Element types. Names are the ones the format uses in its JSON header. */
  public enum DType {
    F32(4, DataType.FLOAT),
    F16(2, DataType.HALF),
    BF16(2, DataType.BFLOAT16),
    I8(1, DataType.INT8),
    U8(1, DataType.UINT8),
    I32(4, DataType.INT32),
    I64(8, DataType.INT64);

    private final int bytes;
    private final DataType nd4j;

    DType(int bytes, DataType nd4j) {
      this.bytes = bytes;
      this.nd4j = nd4j;
    }

    /** Bytes per element. */
    public int bytes() {
      return bytes;
    }

    /** The matching ND4J type. */
    public DataType nd4j() {
      return nd4j;
    }

    public boolean isFloating() {
      return this == F32 || this == F16 || this == BF16;
    }

    /** The DType of an ND4J type, with a clear error for types the format cannot hold. */
    public static DType of(DataType t) {
      for (DType d : values()) {
        if (d.nd4j == t) {
          return d;
        }
      }
      throw new IllegalArgumentException(
          "ND4J type "
              + t
              + " has no safetensors dtype here; cast to one of FLOAT, HALF, BFLOAT16, INT8, UINT8,"
              + " INT32, INT64");
    }

    static DType parse(String name) {
      for (DType d : values()) {
        if (d.name().equals(name)) {
          return d;
        }
      }
      return null;
    }
  }

  /**
   * One tensor: its type, shape and raw little-endian bytes.
   *
   * @param dtype element type
   * @param shape dimensions, outermost first; empty for a scalar
   * @param data {@code product(shape) * dtype.bytes()} bytes, little-endian, row-major
   */
  public record Tensor(DType dtype, long[] shape, byte[] data) {
    public Tensor {
      shape = shape.clone();
      long n = numel(shape);
      if (n < 0 || n * dtype.bytes() != data.length) {
        throw new IllegalArgumentException(
            "tensor of "
                + dtype
                + " with shape "
                + Arrays.toString(shape)
                + " needs "
                + n * dtype.bytes()
                + " bytes, got "
                + data.length);
      }
    }

    /** Number of elements. */
    public long size() {
      return numel(shape);
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }

    /** An F32 tensor of these values. */
    public static Tensor ofFloats(float[] values, long... shape) {
      ByteBuffer b = le(values.length * 4);
      b.asFloatBuffer().put(values);
      return new Tensor(DType.F32, shape, b.array());
    }

    /** An I32 tensor of these values. */
    public static Tensor ofInts(int[] values, long... shape) {
      ByteBuffer b = le(values.length * 4);
      b.asIntBuffer().put(values);
      return new Tensor(DType.I32, shape, b.array());
    }

    /** The array's values in its own type (FLOAT → F32, HALF → F16, INT8 → I8, ...). */
    public static Tensor of(INDArray a) {
      return of(a, DType.of(a.dataType()));
    }

    /**
     * The array's values converted to {@code dtype}: floats to F16/BF16 round to nearest even;
     * values stored as integers are cast as ND4J casts.
     */
    public static Tensor of(INDArray a, DType dtype) {
      long[] shape = a.shape();
      int n = Math.toIntExact(a.length());
      ByteBuffer b = le(n * dtype.bytes());
      if (n == 0) {
        return new Tensor(dtype, shape, b.array());
      }
      INDArray c = a.dup('c');
      switch (dtype) {
        case F32 -> b.asFloatBuffer().put(c.castTo(DataType.FLOAT).data().asFloat());
        case F16 -> {
          for (float f : c.castTo(DataType.FLOAT).data().asFloat()) {
            b.putShort(Half.fromFloat(f));
          }
        }
        case BF16 -> {
          for (float f : c.castTo(DataType.FLOAT).data().asFloat()) {
            b.putShort(Half.bf16FromFloat(f));
          }
        }
        case I8, U8 -> {
          for (int v : c.castTo(DataType.INT32).data().asInt()) {
            b.put((byte) v);
          }
        }
        case I32 -> b.asIntBuffer().put(c.castTo(DataType.INT32).data().asInt());
        case I64 -> b.asLongBuffer().put(c.castTo(DataType.INT64).data().asLong());
      }
      return new Tensor(dtype, shape, b.array());
    }

    /** Values as floats (exact for F32/F16/BF16/I8/U8; I32 and I64 may round). */
    public float[] toFloats() {
      int n = Math.toIntExact(size());
      float[] out = new float[n];
      ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
      switch (dtype) {
        case F32 -> b.asFloatBuffer().get(out);
        case F16 -> {
          for (int i = 0; i < n; i++) out[i] = Half.toFloat(b.getShort(2 * i));
        }
        case BF16 -> {
          for (int i = 0; i < n; i++) out[i] = Half.bf16ToFloat(b.getShort(2 * i));
        }
        case I8 -> {
          for (int i = 0; i < n; i++) out[i] = data[i];
        }
        case U8 -> {
          for (int i = 0; i < n; i++) out[i] = data[i] & 0xFF;
        }
        case I32 -> {
          for (int i = 0; i < n; i++) out[i] = b.getInt(4 * i);
        }
        case I64 -> {
          for (int i = 0; i < n; i++) out[i] = b.getLong(8 * i);
        }
      }
      return out;
    }

    /** Values as longs (integer dtypes only). */
    public long[] toLongs() {
      int n = Math.toIntExact(size());
      long[] out = new long[n];
      ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
      switch (dtype) {
        case I8 -> {
          for (int i = 0; i < n; i++) out[i] = data[i];
        }
        case U8 -> {
          for (int i = 0; i < n; i++) out[i] = data[i] & 0xFF;
        }
        case I32 -> {
          for (int i = 0; i < n; i++) out[i] = b.getInt(4 * i);
        }
        case I64 -> b.asLongBuffer().get(out);
        default -> throw new IllegalStateException(
            "tensor is " + dtype + ", not an integer type; use toFloats()");
      }
      return out;
    }

    /** The values as an ND4J array of the matching type ({@link DType#nd4j()}). */
    public INDArray toINDArray() {
      if (size() == 0) {
        return Nd4j.create(dtype.nd4j(), shape);
      }
      INDArray a =
          dtype.isFloating()
              ? Nd4j.create(toFloats(), shape, 'c')
              : Nd4j.createFromArray(toLongs()).reshape('c', shape);
      return a.dataType() == dtype.nd4j() ? a : a.castTo(dtype.nd4j());
    }

    /** The values as a float32 ND4J array, whatever the stored type. */
    public INDArray toFloatINDArray() {
      if (size() == 0) {
        return Nd4j.create(DataType.FLOAT, shape);
      }
      return Nd4j.create(toFloats(), shape, 'c');
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tensor t
          && t.dtype == dtype
          && Arrays.equals(t.shape, shape)
          && Arrays.equals(t.data, data);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return dtype + Arrays.toString(shape);
    }
  }

  private final LinkedHashMap<String, Tensor> tensors;
  private final LinkedHashMap<String, String> metadata;

  /**
   * Tensors (written in this order) and metadata; names must be non-empty and not {@value
   * #METADATA_KEY}.
   */
  public SafeTensors(Map<String, Tensor> tensors, Map<String, String> metadata) {
    this.tensors = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = e.getKey();
      if (name == null || name.isEmpty() || name.equals(METADATA_KEY)) {
        throw new IllegalArgumentException(
            "tensor name '"
                + name
                + "' is not allowed: names must be non-empty and not "
                + METADATA_KEY);
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException("tensor '" + name + "' is null");
      }
      this.tensors.put(name, e.getValue());
    }
    this.metadata = new LinkedHashMap<>();
    if (metadata != null) {
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (e.getKey() == null || e.getValue() == null) {
          throw new IllegalArgumentException(
              "metadata must map strings to strings; got " + e.getKey() + " = " + e.getValue());
        }
        this.metadata.put(e.getKey(), e.getValue());
      }
    }
  }

  /** The tensors by name, in file order (unmodifiable). */
  public Map<String, Tensor> tensors() {
    return Collections.unmodifiableMap(tensors);
  }

  /** The {@code __metadata__} entries (unmodifiable, possibly empty). */
  public Map<String, String> metadata() {
    return Collections.unmodifiableMap(metadata);
  }

  /** The tensor with this name; the error lists the names there are. */
  public Tensor tensor(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "no tensor named '" + name + "'; tensors are " + tensors.keySet());
    }
    return t;
  }

  /** Total bytes of tensor data. */
  public long dataBytes() {
    long n = 0;
    for (Tensor t : tensors.values()) {
      n += t.data().length;
    }
    return n;
  }

  /**
   * SHA-256 (hex) of the content: every tensor's name, dtype, shape and bytes in file order, then
   * every metadata entry but {@code excludedKey}, sorted by key. The same content gives the same
   * digest however the header's JSON is spaced; a flipped bit in data or metadata changes it. A
   * file can carry its own digest under {@code excludedKey}.
   */
  public String sha256(String excludedKey) {
    java.security.MessageDigest d;
    try {
      d = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      Tensor t = e.getValue();
      field(d, e.getKey());
      field(d, t.dtype().name());
      field(d, Arrays.toString(t.shape));
      d.update(le(8).putLong(t.data().length).array());
      d.update(t.data());
    }
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(metadata).entrySet()) {
      if (!e.getKey().equals(excludedKey)) {
        field(d, e.getKey());
        field(d, e.getValue());
      }
    }
    return java.util.HexFormat.of().formatHex(d.digest());
  }

  /** A length-prefixed string, so that field boundaries cannot shift between fields. */
  private static void field(java.security.MessageDigest d, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    d.update(le(4).putInt(b.length).array());
    d.update(b);
  }

  // ---------------------------------------------------------------- writing

  /** The JSON header, padded with spaces so that 8 + its length is a multiple of 8. */
  byte[] headerBytes() {
    StringWriter s = new StringWriter();
    try (JsonWriter w = new JsonWriter(s)) {
      w.setHtmlSafe(false);
      w.beginObject();
      if (!metadata.isEmpty()) {
        w.name(METADATA_KEY).beginObject();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
          w.name(e.getKey()).value(e.getValue());
        }
        w.endObject();
      }
      long offset = 0;
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        Tensor t = e.getValue();
        w.name(e.getKey()).beginObject();
        w.name("dtype").value(t.dtype().name());
        w.name("shape").beginArray();
        for (long d : t.shape) {
          w.value(d);
        }
        w.endArray();
        w.name("data_offsets")
            .beginArray()
            .value(offset)
            .value(offset + t.data().length)
            .endArray();
        w.endObject();
        offset += t.data().length;
      }
      w.endObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing JSON to a string failed", e);
    }
    byte[] json = s.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    byte[] out = Arrays.copyOf(json, padded);
    Arrays.fill(out, json.length, padded, (byte) ' ');
    return out;
  }

  /** Writes the whole file format to a stream. */
  public void writeTo(OutputStream out) throws IOException {
    byte[] header = headerBytes();
    out.write(le(8).putLong(header.length).array());
    out.write(header);
    for (Tensor t : tensors.values()) {
      out.write(t.data());
    }
  }

  /** The whole file as bytes. */
  public byte[] toBytes() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      writeTo(b);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return b.toByteArray();
  }

  /**
   * Writes to {@code file} atomically (temporary file, then rename); the old file survives
   * failures.
   */
  public void write(Path file) throws IOException {
    AtomicWrite.write(file, this::writeTo);
  }

  // ---------------------------------------------------------------- reading

  /** Reads and checks a safetensors file. */
  public static SafeTensors read(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file.toString());
  }

  /**
   * Parses the bytes of a safetensors file; {@code source} names it in error messages.
   *
   * @throws IOException saying what is malformed, in which tensor
   */
  public static SafeTensors parse(byte[] bytes, String source) throws IOException {
    if (bytes.length < 8) {
      throw bad(
          source,
          "is "
              + bytes.length
              + " bytes long, shorter than the 8-byte header length; it is truncated or not a safetensors file");
    }
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (n < 2 || n > MAX_HEADER_BYTES) {
      throw bad(
          source,
          "declares a header of "
              + Long.toUnsignedString(n)
              + " bytes, outside 2.."
              + MAX_HEADER_BYTES
              + "; it is not a safetensors file");
    }
    if (n > bytes.length - 8L) {
      throw bad(
          source,
          "declares a header of "
              + n
              + " bytes but only "
              + (bytes.length - 8)
              + " bytes follow; the file is truncated");
    }
    String json = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    if (!json.startsWith("{")) {
      throw bad(source, "has a header that does not start with '{'; it is not a safetensors file");
    }
    int dataStart = 8 + (int) n;
    long dataLen = bytes.length - (long) dataStart;

    LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    LinkedHashMap<String, String> metadata = new LinkedHashMap<>();
    try (JsonReader r = new JsonReader(new StringReader(json))) {
      r.beginObject();
      while (r.hasNext()) {
        String name = r.nextName();
        if (entries.containsKey(name) || (name.equals(METADATA_KEY) && !metadata.isEmpty())) {
          throw bad(source, "names '" + name + "' twice in its header");
        }
        if (name.equals(METADATA_KEY)) {
          r.beginObject();
          while (r.hasNext()) {
            String k = r.nextName();
            if (r.peek() != JsonToken.STRING) {
              throw bad(
                  source,
                  "has metadata '"
                      + k
                      + "' that is not a string; __metadata__ maps strings to strings");
            }
            metadata.put(k, r.nextString());
          }
          r.endObject();
        } else {
          entries.put(name, readEntry(r, name, source));
        }
      }
      r.endObject();
      if (r.peek() != JsonToken.END_DOCUMENT) {
        throw bad(source, "has text after the JSON header object");
      }
    } catch (FormatException e) {
      throw e; // already says what is wrong with the file
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw bad(source, "has a header that is not valid safetensors JSON (" + e.getMessage() + ")");
    }

    // Offsets: each tensor's byte length must match its shape; together they must tile the data.
    List<Map.Entry<String, Entry>> sorted = new ArrayList<>(entries.entrySet());
    for (Map.Entry<String, Entry> e : sorted) {
      Entry en = e.getValue();
      if (en.begin < 0 || en.end < en.begin || en.end > dataLen) {
        throw bad(
            source,
            "gives tensor '"
                + e.getKey()
                + "' data_offsets ["
                + en.begin
                + ", "
                + en.end
                + "] outside the "
                + dataLen
                + " bytes of data (truncated file or bad offsets)");
      }
      long want;
      try {
        want = Math.multiplyExact(numel(en.shape), en.dtype.bytes());
      } catch (ArithmeticException overflow) {
        throw bad(
            source,
            "gives tensor '"
                + e.getKey()
                + "' shape "
                + Arrays.toString(en.shape)
                + ", whose size in bytes overflows 64 bits");
      }
      if (en.end - en.begin != want) {
        throw bad(
            source,
            "gives tensor '"
                + e.getKey()
                + "' "
                + (en.end - en.begin)
                + " bytes, but "
                + en.dtype
                + " "
                + Arrays.toString(en.shape)
                + " needs "
                + want);
      }
    }
    sorted.sort(
        Comparator.comparingLong((Map.Entry<String, Entry> e) -> e.getValue().begin)
            .thenComparingLong(e -> e.getValue().end));
    long covered = 0;
    String prev = null;
    for (Map.Entry<String, Entry> e : sorted) {
      Entry en = e.getValue();
      if (en.begin < covered) {
        throw bad(
            source,
            "has tensors '"
                + prev
                + "' and '"
                + e.getKey()
                + "' whose bytes overlap (offset "
                + en.begin
                + " < "
                + covered
                + ")");
      }
      if (en.begin > covered) {
        throw bad(
            source,
            "has data bytes "
                + covered
                + ".."
                + en.begin
                + " that belong to no tensor; the format allows no holes");
      }
      covered = en.end;
      prev = e.getKey();
    }
    if (covered != dataLen) {
      throw bad(
          source,
          "has "
              + dataLen
              + " bytes of data but its tensors cover "
              + covered
              + "; "
              + (covered < dataLen
                  ? "trailing bytes belong to no tensor"
                  : "the file is truncated"));
    }

    LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Entry en = e.getValue();
      byte[] data = Arrays.copyOfRange(bytes, dataStart + (int) en.begin, dataStart + (int) en.end);
      tensors.put(e.getKey(), new Tensor(en.dtype, en.shape, data));
    }
    return new SafeTensors(tensors, metadata);
  }

  private record Entry(DType dtype, long[] shape, long begin, long end) {}

  private static Entry readEntry(JsonReader r, String name, String source) throws IOException {
    DType dtype = null;
    long[] shape = null;
    long[] offsets = null;
    Set<String> seen = new HashSet<>();
    r.beginObject();
    while (r.hasNext()) {
      String k = r.nextName();
      if (!seen.add(k)) {
        throw bad(source, "gives tensor '" + name + "' the field '" + k + "' twice");
      }
      switch (k) {
        case "dtype" -> {
          String d = r.nextString();
          dtype = DType.parse(d);
          if (dtype == null) {
            throw bad(
                source,
                "gives tensor '"
                    + name
                    + "' dtype '"
                    + d
                    + "'; supported are "
                    + Arrays.toString(DType.values()));
          }
        }
        case "shape" -> shape = readLongs(r);
        case "data_offsets" -> offsets = readLongs(r);
        default -> throw bad(source, "gives tensor '" + name + "' an unknown field '" + k + "'");
      }
    }
    r.endObject();
    if (dtype == null || shape == null || offsets == null) {
      throw bad(
          source,
          "gives tensor '"
              + name
              + "' no "
              + (dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets"));
    }
    for (long d : shape) {
      if (d < 0) {
        throw bad(
            source,
            "gives tensor '" + name + "' a negative dimension in shape " + Arrays.toString(shape));
      }
    }
    if (offsets.length != 2) {
      throw bad(
          source,
          "gives tensor '"
              + name
              + "' data_offsets "
              + Arrays.toString(offsets)
              + "; expected [begin, end]");
    }
    return new Entry(dtype, shape, offsets[0], offsets[1]);
  }

  private static long[] readLongs(JsonReader r) throws IOException {
    List<Long> v = new ArrayList<>();
    r.beginArray();
    while (r.hasNext()) {
      v.add(r.nextLong());
    }
    r.endArray();
    return v.stream().mapToLong(Long::longValue).toArray();
  }

  static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static FormatException bad(String source, String what) {
    return new FormatException("safetensors file " + source + " " + what + ".");
  }

  /** A file that is not valid safetensors: the message names the file and what is wrong. */
  public static final class FormatException extends IOException {
    FormatException(String message) {
      super(message);
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "SafeTensors[%d tensors, %,d bytes, metadata %s]",
        tensors.size(),
        dataBytes(),
        metadata.keySet());
  }
}
