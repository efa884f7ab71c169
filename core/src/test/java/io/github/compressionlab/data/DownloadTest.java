package io.github.compressionlab.data;

import static org.junit.jupiter.api.Assertions.*;

import io.github.compressionlab.testing.TinyData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadTest {
  @TempDir Path dir;

  @Test
  void fetch_fileUrl_withRightChecksum_storesFileAndLeavesNoTemp() throws IOException {
    Path source =
        TinyData.writeIdx(dir.resolve("src.gz"), Idx.UBYTE, new int[] {2}, new byte[] {1, 2}, true);
    Path cache = dir.resolve("cache");
    DataFile df = new DataFile("labels.gz", Download.sha256(source), null);
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    Path got =
        Download.fetch(
            List.of(source.toUri()),
            cache.resolve("labels.gz"),
            df,
            Fetcher.urlConnection(),
            new PrintStream(shown, true, StandardCharsets.UTF_8));
    assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(got));
    try (var files = Files.list(cache)) {
      assertEquals(List.of(got), files.toList());
    }
    assertTrue(
        shown.toString(StandardCharsets.UTF_8).contains("100%"),
        shown.toString(StandardCharsets.UTF_8));
  }

  @Test
  void fetch_wrongChecksum_failsAndKeepsOldFile() throws IOException {
    Path source = dir.resolve("src");
    Files.writeString(source, "not what we wanted");
    Path target = dir.resolve("target");
    Files.writeString(target, "old content");
    DataFile df = new DataFile("target", "00".repeat(32), null);
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                Download.fetch(List.of(source.toUri()), target, df, Fetcher.urlConnection(), null));
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    assertEquals("old content", Files.readString(target));
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "no .part file left behind");
    }
  }

  @Test
  void fetch_triesNextMirror_whenFirstFails() throws IOException {
    byte[] body = "payload".getBytes(StandardCharsets.UTF_8);
    Path tmp = dir.resolve("p");
    Files.write(tmp, body);
    DataFile df = new DataFile("p", Download.sha256(tmp), null);
    List<URI> asked = new ArrayList<>();
    Fetcher fetcher =
        uri -> {
          asked.add(uri);
          if (uri.getHost().equals("down.example")) {
            throw new IOException("connection refused");
          }
          return new Fetcher.Response(new ByteArrayInputStream(body), body.length);
        };
    Path target = dir.resolve("out/p");
    Download.fetch(
        List.of(URI.create("https://down.example/p"), URI.create("https://up.example/p")),
        target,
        df,
        fetcher,
        null);
    assertEquals(2, asked.size());
    assertArrayEquals(body, Files.readAllBytes(target));
  }

  @Test
  void fetch_connectionDropped_midway_isAnError_andTargetAbsent() throws IOException {
    byte[] body = new byte[1000];
    Fetcher fetcher =
        uri -> new Fetcher.Response(new ByteArrayInputStream(body, 0, 400), body.length);
    Path target = dir.resolve("t");
    DataFile df = new DataFile("t", "00".repeat(32), null);
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                Download.fetch(
                    List.of(URI.create("https://x.example/t")), target, df, fetcher, null));
    assertTrue(e.getMessage().contains("400 of 1000"), e.getMessage());
    assertFalse(Files.exists(target));
  }

  @Test
  void fetch_recompressedGzip_isAccepted_byContentChecksum() throws IOException {
    // Same IDX content, compressed by us: its .gz hash differs from the "official" one (zeros),
    // but the hash of the decompressed bytes matches.
    Path plain =
        TinyData.writeIdx(
            dir.resolve("plain"), Idx.UBYTE, new int[] {3}, new byte[] {7, 8, 9}, false);
    Path gz =
        TinyData.writeIdx(
            dir.resolve("re.gz"), Idx.UBYTE, new int[] {3}, new byte[] {7, 8, 9}, true);
    DataFile df = new DataFile("x.gz", "00".repeat(32), Download.sha256(plain));
    Path target =
        Download.fetch(List.of(gz.toUri()), dir.resolve("x.gz"), df, Fetcher.urlConnection(), null);
    assertArrayEquals(new int[] {7, 8, 9}, Idx.readLabels(target));
  }

  @Test
  void progressLine_showsBarAndPercent() {
    // 13 of 26 MB -> half the 30-char bar, 50%
    String line = Download.progressLine("f.gz", 13_000_000, 26_000_000);
    assertTrue(line.contains("[" + "=".repeat(15) + " ".repeat(15) + "]"), line);
    assertTrue(line.endsWith(" 50%"), line);
  }

  static InputStream unused() {
    return InputStream.nullInputStream();
  }
}
