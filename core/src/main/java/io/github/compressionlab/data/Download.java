package io.github.compressionlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Downloads one {@link DataFile}: streams it to a temporary file beside the target, checks its
 * SHA-256, then renames it into place atomically, so the target is either absent or complete and
 * genuine, never half-written. Progress is printed as one updating text line.
 */
public final class Download {
  private Download() {}

  /**
   * Tries each URL in turn until one yields a file with the expected checksum, and stores it at
   * {@code target}.
   *
   * @return {@code target}
   * @throws IOException naming every URL tried and why it failed
   */
  public static Path fetch(
      List<URI> urls, Path target, DataFile expected, Fetcher fetcher, PrintStream progress)
      throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    StringBuilder failures = new StringBuilder();
    for (URI url : urls) {
      try {
        fetchOne(url, target, expected, fetcher, progress);
        return target;
      } catch (IOException e) {
        failures.append("\n  ").append(url).append(": ").append(e.getMessage());
      }
    }
    throw new IOException("could not download " + expected.fileName() + ":" + failures);
  }

  private static void fetchOne(
      URI url, Path target, DataFile expected, Fetcher fetcher, PrintStream progress)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, target.getFileName().toString() + ".", ".part");
    try {
      MessageDigest sha = sha256();
      Fetcher.Response response = fetcher.open(url);
      long total = response.length();
      try (InputStream body = new DigestInputStream(response.body(), sha);
          OutputStream out = Files.newOutputStream(temp)) {
        byte[] buf = new byte[1 << 16];
        long done = 0;
        int lastShown = -1;
        if (progress != null) {
          progress.print("Downloading " + url);
        }
        for (int n; (n = body.read(buf)) != -1; ) {
          out.write(buf, 0, n);
          done += n;
          int shown = total > 0 ? (int) (50 * done / total) : (int) (done >> 20);
          if (progress != null && shown != lastShown) {
            lastShown = shown;
            progress.print("\r" + progressLine(expected.fileName(), done, total));
            progress.flush();
          }
        }
        if (total > 0 && done != total) {
          throw new IOException("connection ended after " + done + " of " + total + " bytes");
        }
      }
      if (progress != null) {
        progress.println();
      }
      String got = HexFormat.of().formatHex(sha.digest());
      if (!got.equalsIgnoreCase(expected.sha256())) {
        String content = expected.contentSha256() == null ? null : contentSha256(temp);
        if (content == null || !content.equalsIgnoreCase(expected.contentSha256())) {
          throw new IOException(
              "checksum mismatch: SHA-256 is "
                  + got
                  + ", expected "
                  + expected.sha256()
                  + "; the file was corrupted in transit or the server sent something else");
        }
      }
      moveAtomically(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Renames {@code from} onto {@code to}, atomically where the file system allows. */
  static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** SHA-256 of a file's bytes, as lower-case hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest sha = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** SHA-256 of a file's IDX bytes after decompression (equal to {@link #sha256} if plain). */
  public static String contentSha256(Path file) throws IOException {
    MessageDigest sha = sha256();
    try (InputStream in = new DigestInputStream(Idx.open(file), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      return "unreadable (" + e.getMessage() + ")";
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  static String progressLine(String name, long done, long total) {
    double mb = done / 1e6;
    if (total <= 0) {
      return String.format(Locale.ROOT, "%s  %.1f MB", name, mb);
    }
    int width = 30;
    int filled = (int) (width * done / total);
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %5.1f/%.1f MB %3d%%",
        name,
        "=".repeat(filled),
        " ".repeat(width - filled),
        mb,
        total / 1e6,
        100 * done / total);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "this JVM lacks SHA-256, which every Java SE JVM must have", e);
    }
  }
}
