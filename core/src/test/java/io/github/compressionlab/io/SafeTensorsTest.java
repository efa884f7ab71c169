package io.github.compressionlab.io;

import static org.junit.jupiter.api.Assertions.*;

import io.github.compressionlab.io.SafeTensors.DType;
import io.github.compressionlab.io.SafeTensors.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SafeTensorsTest {
  @TempDir Path dir;

  /** Values every dtype represents exactly: small integers and halves (-3, -1.5, 0, 2, 7, 100). */
  static final float[] EXACT = {-3f, -1.5f, 0f, 2f, 7f, 100f};

  static float[] valuesFor(DType d) {
    return switch (d) {
      case U8 -> new float[] {0, 1, 2, 7, 100, 255};
      case I8, I32, I64 -> new float[] {-128, -1, 0, 2, 7, 127};
      default -> EXACT;
    };
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void roundTrip_everyDtype_throughFile_keepsTypeShapeAndValues(DType dtype) throws IOException {
    INDArray a = Nd4j.create(valuesFor(dtype), new long[] {2, 3}, 'c');
    Tensor t = Tensor.of(a, dtype);
    SafeTensors st = new SafeTensors(Map.of("x", t), Map.of("k", "v"));
    Path f = dir.resolve("t.safetensors");
    st.write(f);
    SafeTensors back = SafeTensors.read(f);
    Tensor bt = back.tensor("x");
    assertEquals(dtype, bt.dtype());
    assertArrayEquals(new long[] {2, 3}, bt.shape());
    assertArrayEquals(valuesFor(dtype), bt.toFloats());
    assertEquals(t, bt);
    INDArray nd = bt.toINDArray();
    assertEquals(dtype.nd4j(), nd.dataType());
    assertArrayEquals(valuesFor(dtype), nd.castTo(DataType.FLOAT).data().asFloat());
    assertEquals(Map.of("k", "v"), back.metadata());
  }

  @Test
  void write_headerIsPaddedWithSpacesTo8Bytes_andDataIsLittleEndian() {
    // one F32 tensor [1.0]: data bytes 00 00 80 3f
    byte[] b =
        new SafeTensors(Map.of("a", Tensor.ofFloats(new float[] {1f}, 1)), Map.of()).toBytes();
    long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, (8 + n) % 8);
    String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
    assertTrue(
        header.startsWith("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"),
        header);
    assertTrue(header.substring(header.indexOf("}}") + 2).isBlank());
    assertArrayEquals(
        new byte[] {0, 0, (byte) 0x80, 0x3f}, Arrays.copyOfRange(b, b.length - 4, b.length));
  }

  @Test
  void read_fileWrittenByPythonSafetensors_givesItsTensorsAndMetadata() throws IOException {
    // Made with safetensors 0.8.0 (numpy API): w = arange(6).reshape(2,3) * 0.5 (F32), h = [1.5,
    // -2]
    // (F16), b = [-3, 4] (I8), u = [255, 0, 7] (U8), i = [[1, -2]] (I32), l = [2^40] (I64).
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream("python-safetensors-0.8.0.safetensors")) {
      bytes = in.readAllBytes();
    }
    SafeTensors st = SafeTensors.parse(bytes, "python fixture");
    assertEquals("made by safetensors 0.8.0", st.metadata().get("note"));
    assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f, 2, 2.5f}, st.tensor("w").toFloats());
    assertArrayEquals(new long[] {2, 3}, st.tensor("w").shape());
    assertArrayEquals(new float[] {1.5f, -2f}, st.tensor("h").toFloats());
    assertArrayEquals(new long[] {-3, 4}, st.tensor("b").toLongs());
    assertArrayEquals(new long[] {255, 0, 7}, st.tensor("u").toLongs());
    assertArrayEquals(new long[] {1, -2}, st.tensor("i").toLongs());
    assertArrayEquals(new long[] {1L << 40}, st.tensor("l").toLongs());
  }

  @Test
  void scalarAndEmptyTensors_roundTrip() throws IOException {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("scalar", Tensor.ofFloats(new float[] {4f}));
    m.put("empty", Tensor.ofFloats(new float[0], 0, 3));
    SafeTensors back = SafeTensors.parse(new SafeTensors(m, null).toBytes(), "mem");
    assertArrayEquals(new long[0], back.tensor("scalar").shape());
    assertArrayEquals(new float[] {4f}, back.tensor("scalar").toFloats());
    assertEquals(0, back.tensor("empty").size());
  }

  @Test
  void f16AndBf16_roundToNearestEven() {
    // F16 has 10 mantissa bits: 1 + 2^-11 is halfway between 1 and 1 + 2^-10 -> even (1.0);
    // 1 + 3*2^-11 is halfway between 1+2^-10 and 1+2^-9 -> even (1 + 2^-9).
    float[] in = {1f + 0x1p-11f, 1f + 3 * 0x1p-11f, 65520f, 1e-8f};
    float[] f16 = Tensor.of(Nd4j.create(in), DType.F16).toFloats();
    assertEquals(1f, f16[0]);
    assertEquals(1f + 0x1p-9f, f16[1]);
    assertEquals(Float.POSITIVE_INFINITY, f16[2]); // 65520 rounds past the largest half, 65504
    assertEquals(0f, f16[3]); // below half of the smallest subnormal 2^-24
    // BF16 keeps 7 mantissa bits: 1 + 2^-8 is halfway -> 1.0
    assertEquals(1f, Tensor.of(Nd4j.create(new float[] {1f + 0x1p-8f}), DType.BF16).toFloats()[0]);
    // subnormal halves are exact: 3 * 2^-24
    assertEquals(
        3 * 0x1p-24f, Tensor.of(Nd4j.create(new float[] {3 * 0x1p-24f}), DType.F16).toFloats()[0]);
  }

  // ------------------------------------------------------------------ corrupt files

  private byte[] good() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("a", Tensor.ofFloats(new float[] {1, 2}, 2));
    m.put("b", Tensor.ofFloats(new float[] {3}, 1));
    return new SafeTensors(m, Map.of()).toBytes();
  }

  /** A file with this header text (padded) and {@code dataBytes} zero bytes of data. */
  private static byte[] withHeader(String json, int dataBytes) {
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    return b.array();
  }

  private static String failure(byte[] bytes) {
    IOException e =
        assertThrows(IOException.class, () -> SafeTensors.parse(bytes, "/x/m.safetensors"));
    assertTrue(e.getMessage().contains("/x/m.safetensors"), e.getMessage());
    return e.getMessage();
  }

  @Test
  void truncatedData_isRejected() {
    byte[] g = good();
    String m = failure(Arrays.copyOf(g, g.length - 2));
    assertTrue(m.contains("outside") || m.contains("truncated"), m);
  }

  @Test
  void truncatedHeader_isRejected() {
    assertTrue(failure(Arrays.copyOf(good(), 20)).contains("truncated"));
    assertTrue(failure(new byte[] {1, 2, 3}).contains("shorter than the 8-byte header length"));
  }

  @Test
  void hugeHeaderLength_isRejected() {
    byte[] g = good();
    ByteBuffer.wrap(g).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE);
    assertTrue(failure(g).contains("not a safetensors file"));
  }

  @Test
  void headerNotJson_isRejected() {
    assertTrue(failure(withHeader("{\"a\": nonsense", 0)).contains("not valid safetensors JSON"));
    assertTrue(failure(withHeader("[1, 2]  ", 0)).contains("does not start with '{'"));
  }

  @Test
  void offsetsOutOfRange_areRejected() {
    String m =
        failure(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4));
    assertTrue(m.contains("tensor 'a'") && m.contains("outside the 4 bytes"), m);
  }

  @Test
  void overlappingOffsets_areRejected() {
    // a = bytes 0..8, b = bytes 4..8: overlap at 4
    String m =
        failure(
            withHeader(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                    + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                8));
    assertTrue(m.contains("overlap"), m);
  }

  @Test
  void holeInData_isRejected() {
    String m =
        failure(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8));
    assertTrue(m.contains("belong to no tensor"), m);
  }

  @Test
  void byteLengthNotMatchingShape_isRejected() {
    // shape [3] of F32 needs 12 bytes, offsets give 8
    String m =
        failure(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8));
    assertTrue(m.contains("needs 12"), m);
  }

  @Test
  void unknownDtype_isRejected_listingSupportedOnes() {
    String m =
        failure(
            withHeader("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1));
    assertTrue(m.contains("F8_E4M3") && m.contains("BF16"), m);
  }

  @Test
  void nonStringMetadata_isRejected() {
    String m = failure(withHeader("{\"__metadata__\":{\"epochs\":3}}", 0));
    assertTrue(m.contains("not a string"), m);
  }

  @Test
  void duplicateTensorName_isRejected() {
    String m =
        failure(
            withHeader(
                "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                    + "\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}",
                2));
    assertTrue(m.contains("twice"), m);
  }

  @Test
  void tensor_missingName_listsTheNamesThereAre() {
    SafeTensors st =
        new SafeTensors(Map.of("fc1.weight", Tensor.ofFloats(new float[] {1}, 1)), null);
    var e = assertThrows(IllegalArgumentException.class, () -> st.tensor("fc2.weight"));
    assertTrue(e.getMessage().contains("fc1.weight"), e.getMessage());
  }

  @Test
  void write_failure_leavesOldFileIntact_andNoTempFile() throws IOException {
    Path f = dir.resolve("m.safetensors");
    new SafeTensors(Map.of("a", Tensor.ofFloats(new float[] {1}, 1)), null).write(f);
    byte[] before = Files.readAllBytes(f);
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicWrite.write(
                    f,
                    out -> {
                      out.write(new byte[100]);
                      throw new IOException("disk full (simulated)");
                    }));
    assertEquals("disk full (simulated)", e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "temporary file removed");
    }
  }
}
