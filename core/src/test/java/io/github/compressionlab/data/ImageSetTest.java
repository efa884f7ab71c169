package io.github.compressionlab.data;

import static io.github.compressionlab.testing.TinyData.writeIdx;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSetTest {
  @TempDir Path dir;

  static final DataFile IMAGES = new DataFile("imgs-idx3-ubyte.gz", "00".repeat(32), null);
  static final DataFile LABELS = new DataFile("labs-idx1-ubyte.gz", "00".repeat(32), null);

  static ImageSet tinySet(List<String> baseUrls) {
    return new ImageSet(
        "tiny",
        "Tiny",
        List.of("a", "b", "c"),
        2,
        2,
        baseUrls,
        List.of(),
        new ImageSet.Part("train", IMAGES, LABELS),
        new ImageSet.Part("test", IMAGES, LABELS),
        "  - sudo apt-get install dataset-tiny");
  }

  @Test
  void load_findsFilesInFirstDirThatHasThem_gzOrPlainName() throws IOException {
    Path first = Files.createDirectories(dir.resolve("first"));
    Path second = Files.createDirectories(dir.resolve("second"));
    // 3 images 2x2, pixel values 0 and 255; labels 2,0,1
    writeIdx(
        second.resolve("imgs-idx3-ubyte"),
        Idx.UBYTE,
        new int[] {3, 2, 2},
        new byte[] {0, 0, 0, 0, (byte) 255, 0, 0, 0, 0, 0, 0, (byte) 255},
        false);
    writeIdx(
        second.resolve("labs-idx1-ubyte.gz"), Idx.UBYTE, new int[] {3}, new byte[] {2, 0, 1}, true);
    DataLocator loc = new DataLocator(List.of(first, second), null, null, null);
    Dataset d = tinySet(List.of()).load(tinySet(List.of()).train(), loc);
    assertEquals("tiny/train", d.name());
    assertArrayEquals(new long[] {3, 1, 2, 2}, d.images().shape());
    assertArrayEquals(new int[] {2, 0, 1}, d.labels());
    assertEquals(1f, d.images().getFloat(1, 0, 0, 0));
    assertEquals(List.of("a", "b", "c"), d.classNames());
  }

  @Test
  void load_countMismatch_namesBothFiles() throws IOException {
    writeIdx(dir.resolve("imgs-idx3-ubyte.gz"), Idx.UBYTE, new int[] {2, 2, 2}, new byte[8], true);
    writeIdx(dir.resolve("labs-idx1-ubyte.gz"), Idx.UBYTE, new int[] {3}, new byte[3], true);
    ImageSet set = tinySet(List.of());
    IOException e =
        assertThrows(
            IOException.class,
            () -> set.load(set.train(), new DataLocator(List.of(dir), null, null, null)));
    assertTrue(e.getMessage().contains("2 images"), e.getMessage());
    assertTrue(e.getMessage().contains("3 labels"), e.getMessage());
  }

  @Test
  void load_wrongImageSize_isRejected() throws IOException {
    writeIdx(dir.resolve("imgs-idx3-ubyte.gz"), Idx.UBYTE, new int[] {1, 3, 3}, new byte[9], true);
    writeIdx(dir.resolve("labs-idx1-ubyte.gz"), Idx.UBYTE, new int[] {1}, new byte[1], true);
    ImageSet set = tinySet(List.of());
    IOException e =
        assertThrows(
            IOException.class,
            () -> set.load(set.train(), new DataLocator(List.of(dir), null, null, null)));
    assertTrue(e.getMessage().contains("3x3 pixels, expected 2x2"), e.getMessage());
  }

  @Test
  void load_missingAndNoDownload_explainsHowToGetTheData() {
    ImageSet set = tinySet(List.of("https://data.example/tiny/"));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                set.load(
                    set.train(), new DataLocator(List.of(dir), dir.resolve("cache"), null, null)));
    String m = e.getMessage();
    assertTrue(m.contains("sudo apt-get install dataset-tiny"), m);
    assertTrue(m.contains("LAB_DATA_DIR"), m);
    assertTrue(m.contains("https://data.example/tiny/imgs-idx3-ubyte.gz"), m);
  }

  @Test
  void load_missing_downloadsFromBaseUrl_intoCache_checkingSha256() throws IOException {
    Path remote = Files.createDirectories(dir.resolve("remote"));
    Path img =
        writeIdx(
            remote.resolve("imgs-idx3-ubyte.gz"),
            Idx.UBYTE,
            new int[] {1, 2, 2},
            new byte[] {1, 2, 3, 4},
            true);
    Path lab =
        writeIdx(
            remote.resolve("labs-idx1-ubyte.gz"), Idx.UBYTE, new int[] {1}, new byte[] {2}, true);
    DataFile images = new DataFile("imgs-idx3-ubyte.gz", Download.sha256(img), null);
    DataFile labels = new DataFile("labs-idx1-ubyte.gz", Download.sha256(lab), null);
    ImageSet set =
        new ImageSet(
            "tiny",
            "Tiny",
            List.of("a", "b", "c"),
            2,
            2,
            List.of(remote.toUri().toString()),
            List.of(),
            new ImageSet.Part("train", images, labels),
            new ImageSet.Part("test", images, labels),
            "");
    Path cache = dir.resolve("cache");
    Dataset d =
        set.load(
            set.train(), new DataLocator(List.of(cache), cache, Fetcher.urlConnection(), null));
    assertArrayEquals(new int[] {2}, d.labels());
    assertTrue(Files.exists(cache.resolve("imgs-idx3-ubyte.gz")));
    assertTrue(Files.exists(cache.resolve("labs-idx1-ubyte.gz")));
  }
}
