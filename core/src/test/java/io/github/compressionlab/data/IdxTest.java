package io.github.compressionlab.data;

import static io.github.compressionlab.testing.TinyData.writeIdx;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class IdxTest {
  @TempDir Path dir;

  // Two 2x3 images: pixels 0,51,102,153,204,255 and 255,0,0,0,0,0 -> /255 = 0,.2,.4,.6,.8,1 etc.
  static final byte[] PIXELS = {
    0, 51, 102, (byte) 153, (byte) 204, (byte) 255, (byte) 255, 0, 0, 0, 0, 0
  };

  @Test
  void readImages_plain_scalesToUnitRange_withChannelDim() throws IOException {
    Path f = writeIdx(dir.resolve("img"), Idx.UBYTE, new int[] {2, 2, 3}, PIXELS, false);
    INDArray x = Idx.readImages(f);
    assertEquals(DataType.FLOAT, x.dataType());
    assertArrayEquals(new long[] {2, 1, 2, 3}, x.shape());
    assertArrayEquals(
        new float[] {0f, 0.2f, 0.4f, 0.6f, 0.8f, 1f},
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).ravel().toFloatVector(),
        1e-6f);
    assertEquals(1f, x.getFloat(1, 0, 0, 0), 1e-6f);
  }

  @Test
  void readImages_gzip_isDetectedByMagicBytes_notName() throws IOException {
    Path f = writeIdx(dir.resolve("no-gz-suffix"), Idx.UBYTE, new int[] {2, 2, 3}, PIXELS, true);
    assertTrue(Idx.isGzip(f));
    assertEquals(0.6f, Idx.readImages(f).getFloat(0, 0, 1, 0), 1e-6f);
  }

  @Test
  void readLabels_givesUnsignedInts() throws IOException {
    Path f =
        writeIdx(
            dir.resolve("lab.gz"), Idx.UBYTE, new int[] {3}, new byte[] {9, 0, (byte) 200}, true);
    assertArrayEquals(new int[] {9, 0, 200}, Idx.readLabels(f));
  }

  @Test
  void read_wrongMagic_namesFileAndProblem() throws IOException {
    Path f = dir.resolve("bad");
    Files.write(f, new byte[] {0x50, 0x4b, 3, 4, 0, 0, 0, 0});
    IOException e = assertThrows(IOException.class, () -> Idx.read(f));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
  }

  @Test
  void read_truncatedData_saysHowManyBytesAreMissing() throws IOException {
    // dims 2x2x3 need 12 bytes; only 5 written
    Path f =
        writeIdx(
            dir.resolve("short"), Idx.UBYTE, new int[] {2, 2, 3}, Arrays.copyOf(PIXELS, 5), false);
    IOException e = assertThrows(IOException.class, () -> Idx.read(f));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains("need 12 bytes"), e.getMessage());
  }

  @Test
  void read_truncatedGzip_isReportedAsDamaged() throws IOException {
    Path full = writeIdx(dir.resolve("full.gz"), Idx.UBYTE, new int[] {2, 2, 3}, PIXELS, true);
    byte[] bytes = Files.readAllBytes(full);
    Path cut = dir.resolve("cut.gz");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
    IOException e = assertThrows(IOException.class, () -> Idx.read(cut));
    assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
  }

  @Test
  void read_extraBytes_areRejected() throws IOException {
    Path f =
        writeIdx(dir.resolve("long"), Idx.UBYTE, new int[] {3}, new byte[] {1, 2, 3, 4}, false);
    IOException e = assertThrows(IOException.class, () -> Idx.read(f));
    assertTrue(e.getMessage().contains("disagree"), e.getMessage());
  }

  @Test
  void readImages_ofLabelFile_saysWrongDims() throws IOException {
    Path f = writeIdx(dir.resolve("labels"), Idx.UBYTE, new int[] {3}, new byte[] {1, 2, 3}, false);
    IOException e = assertThrows(IOException.class, () -> Idx.readImages(f));
    assertTrue(
        e.getMessage().contains("expected unsigned bytes (0x08) with 3 dims"), e.getMessage());
  }

  @Test
  void read_missingFile_namesIt() {
    Path f = dir.resolve("nothing-here");
    IOException e = assertThrows(IOException.class, () -> Idx.read(f));
    assertTrue(e.getMessage().contains("nothing-here"), e.getMessage());
  }
}
