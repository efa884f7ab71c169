package io.github.compressionlab.quant.deep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.nn.Parameter;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.testing.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class DeepCompressedFileTest {
  @TempDir Path dir;

  @Test
  void roundTrip_denseModel_isBitIdentical() throws IOException {
    Sequential m =
        pruned(
            Sequential.builder(1, 8, 8)
                .seed(3)
                .flatten()
                .dense("fc1", 20)
                .relu("r")
                .dense("fc2", 4)
                .build(),
            0.8,
            1);
    WeightSharing.defaults().denseBits(3).apply(m);
    Path f = dir.resolve("m.cldc");
    long bytes = DeepCompressedFile.write(m, f, Map.of("seed", "1"));
    assertEquals(Files.size(f), bytes);
    assertSameBits(m, DeepCompressedFile.read(f));
    assertEquals("1", DeepCompressedFile.metadata(f).get("seed"));
  }

  @Test
  void roundTrip_convModel_isBitIdentical() throws IOException {
    Sequential m =
        pruned(
            Sequential.builder(1, 8, 8)
                .seed(4)
                .conv2d("c1", 3, 3)
                .relu("r")
                .flatten()
                .dense("fc", 5)
                .build(),
            0.5,
            2);
    WeightSharing.defaults().apply(m); // conv 8 bits, dense 5 bits
    Path f = dir.resolve("c.cldc");
    DeepCompressedFile.write(m, f);
    assertSameBits(m, DeepCompressedFile.read(f));
  }

  @Test
  void roundTrip_allZeroAndOneValueLayers() throws IOException {
    Sequential m =
        Sequential.builder(1, 2, 2).seed(1).flatten().dense("fc1", 3).dense("fc2", 2).build();
    m.parameter("fc1.weight").setValue(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 3));
    m.parameter("fc2.weight")
        .setValue(Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 2).muli(0.25));
    Path f = dir.resolve("z.cldc");
    DeepCompressedFile.write(m, f);
    assertSameBits(m, DeepCompressedFile.read(f));
  }

  @Test
  void write_modelNotWeightShared_saysToCallWeightSharing() {
    Sequential m = Sequential.builder(1, 8, 8).seed(3).flatten().dense("fc1", 20).build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DeepCompressedFile.write(m, dir.resolve("x.cldc")));
    assertTrue(e.getMessage().contains("WeightSharing"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("x.cldc")));
  }

  @Test
  void read_flippedByte_reportsChecksum() throws IOException {
    Path f = writeSmall();
    byte[] b = Files.readAllBytes(f);
    b[b.length / 2] ^= 0x10;
    Files.write(f, b);
    IOException e = assertThrows(IOException.class, () -> DeepCompressedFile.read(f));
    assertTrue(e.getMessage().contains("CRC-32"), e.getMessage());
    assertTrue(e.getMessage().contains("write it again"), e.getMessage());
  }

  @Test
  void read_truncatedFile_isRejected() throws IOException {
    Path f = writeSmall();
    byte[] b = Files.readAllBytes(f);
    for (int keep : new int[] {b.length - 1, b.length / 2, 12, 3, 0}) {
      Files.write(f, Arrays.copyOf(b, keep));
      IOException e =
          assertThrows(IOException.class, () -> DeepCompressedFile.read(f), "keep " + keep);
      assertTrue(
          e.getMessage().contains("truncated") || e.getMessage().contains("not a Deep Compression"),
          e.getMessage());
    }
  }

  @Test
  void read_safetensorsFile_saysWrongMagicAndWhatToUse() throws IOException {
    Path f = dir.resolve("dense.safetensors");
    ModelFile.save(Sequential.builder(1, 2, 2).flatten().dense("fc", 2).build(), f);
    IOException e = assertThrows(IOException.class, () -> DeepCompressedFile.read(f));
    assertTrue(e.getMessage().contains("not a Deep Compression file"), e.getMessage());
    assertTrue(e.getMessage().contains("ModelFile.load"), e.getMessage());
  }

  @Test
  void read_validChecksumButInconsistentHeader_saysDamaged() throws IOException {
    Path f = writeSmall();
    byte[] b = Files.readAllBytes(f);
    // rename the encoding "shared" to "sharex" and store a matching CRC-32: only the header is bad
    String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = text.indexOf("\"shared\"");
    b[at + 6] = 'x';
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b, 0, b.length - 4);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) crc.getValue());
    Files.write(f, b);
    IOException e = assertThrows(IOException.class, () -> DeepCompressedFile.read(f));
    assertTrue(e.getMessage().contains("unknown encoding 'sharex'"), e.getMessage());
  }

  @Test
  void read_missingFile_saysSo() {
    IOException e =
        assertThrows(IOException.class, () -> DeepCompressedFile.read(dir.resolve("none.cldc")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void fileIsSmall_90PercentSparse300x100At5Bits() throws IOException {
    // 300 → 100 dense layer, exactly 3,000 of 30,000 weights non-zero, 32 shared values
    Sequential m = Sequential.builder(300).seed(1).dense("fc", 100).build();
    SplittableRandom r = new SplittableRandom(5);
    float[] w = new float[30_000];
    int placed = 0;
    while (placed < 3000) {
      int i = r.nextInt(w.length);
      if (w[i] == 0f) {
        w[i] = (r.nextInt(32) - 15.5f) / 100f; // one of 32 values, none zero
        placed++;
      }
    }
    m.parameter("fc.weight").setValue(Nd4j.create(w, new long[] {300, 100}, 'c'));
    Path f = dir.resolve("s.cldc");
    long bytes = DeepCompressedFile.write(m, f);
    int header = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN).getInt(6);
    // Upper bound by hand (Huffman is never worse than any other prefix code):
    //  prefix 10 + header + CRC 4
    //  centroids 32·4 = 128, index lengths 32, indices ≤ 3000·5 bits = 1875 (5-bit fixed code)
    //  gaps ≤ the g = 4 choice: 17 lengths + (3000 + ≤ 27000/16 = 1687 fillers)·5 bits = 2930
    //    (17 symbols fit a 5-bit fixed code)
    //  bias 100·4 = 400
    long bound = 10 + header + 4 + 128 + 32 + 1875 + 17 + 2930 + 400;
    assertTrue(bytes <= bound, bytes + " > " + bound);
    // the dense float32 layer alone is 120,400 bytes; the index gaps have entropy ≈ 4.7 bits and
    // the indices 5 bits, so the body is near 3,000·9.7/8 ≈ 3,640 bytes plus tables
    assertTrue(bytes - header < 4_700, "body " + (bytes - header));
    assertSameBits(m, DeepCompressedFile.read(f));
  }

  @Test
  void layout_reportsNonZerosBitsAndBytes() {
    Sequential m =
        pruned(Sequential.builder(1, 8, 8).seed(3).flatten().dense("fc1", 20).build(), 0.75, 1);
    WeightSharing.defaults().denseBits(4).apply(m);
    DeepCompressedFile.TensorLayout t = DeepCompressedFile.layout(m).get(0);
    assertEquals("fc1.weight", t.name());
    assertTrue(t.shared());
    assertEquals(1280, t.size());
    assertEquals(320, t.nonZeros()); // 25% of 64·20 kept
    assertTrue(t.bits() <= 4 && t.centroids() <= 16);
    assertTrue(t.bytes() < t.fixedWidthBytes() + 100);
    DeepCompressedFile.TensorLayout bias = DeepCompressedFile.layout(m).get(1);
    assertFalse(bias.shared());
    assertEquals(80, bias.bytes());
  }

  private Path writeSmall() throws IOException {
    Sequential m =
        pruned(Sequential.builder(1, 8, 8).seed(3).flatten().dense("fc1", 20).build(), 0.8, 1);
    WeightSharing.defaults().denseBits(3).apply(m);
    Path f = dir.resolve("small.cldc");
    DeepCompressedFile.write(m, f);
    return f;
  }

  /** Zeroes exactly round(sparsity·n) weights of each weight tensor, chosen with {@code seed}. */
  static Sequential pruned(Sequential m, double sparsity, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (Map.Entry<String, Parameter> e : m.parameters().entrySet()) {
      if (!e.getKey().endsWith(".weight")) {
        continue;
      }
      Parameter p = e.getValue();
      float[] v = TestData.uniform(r.nextLong(), p.shape()).data().asFloat();
      int n = v.length;
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int i = 0; i < Math.round(sparsity * n); i++) {
        v[order[i]] = 0f;
      }
      p.setValue(Nd4j.create(v, p.shape(), 'c'));
    }
    return m;
  }

  static void assertSameBits(Sequential expected, Sequential actual) {
    assertEquals(expected.architectureJson(), actual.architectureJson());
    for (Map.Entry<String, Parameter> e : expected.parameters().entrySet()) {
      float[] a = e.getValue().value().dup('c').data().asFloat();
      float[] b = actual.parameter(e.getKey()).value().dup('c').data().asFloat();
      assertArrayEquals(a, b, e.getKey()); // Arrays.equals on float bits
      for (int i = 0; i < a.length; i++) {
        assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), e.getKey());
      }
    }
  }
}
