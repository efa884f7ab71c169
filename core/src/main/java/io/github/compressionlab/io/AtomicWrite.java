package io.github.compressionlab.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so readers see either the old content or the complete new content, never a part:
 * the bytes go to a temporary file in the same directory, are flushed to disk, and the temporary
 * file is renamed onto the target with {@link StandardCopyOption#ATOMIC_MOVE}. If writing fails,
 * the temporary file is deleted and the old file is left as it was.
 */
public final class AtomicWrite {
  private AtomicWrite() {}

  /** Writes what {@code body} produces. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes {@code body}'s bytes to {@code target} atomically, creating parent directories. */
  public static void write(Path target, Body body) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
        body.writeTo(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        // Same directory, so this only happens on exotic file systems; a plain replace is the
        // best they offer.
        Files.move(temp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Writes {@code bytes} to {@code target} atomically. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }
}
