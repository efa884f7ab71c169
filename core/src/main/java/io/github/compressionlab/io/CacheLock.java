package io.github.compressionlab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock of one model cache entry: a file {@code <entry>.lock} beside it, locked with the
 * operating system's file lock ({@link FileChannel#lock()}), so that of the kernels (JVMs) asking
 * for the same missing model at once one trains it and the others wait, then load what it wrote.
 * The operating system drops the lock when its holder exits, even when it is killed, so a crashed
 * training never blocks the others; the lock file itself stays (removing it would let two holders
 * lock two different files). Threads of one JVM queue on an in-process lock first, since a JVM
 * cannot hold one file lock twice.
 *
 * <pre>{@code
 * try (CacheLock lock = CacheLock.acquire(entry, "teacher")) {
 *   // check the entry again: another kernel may have written it while this one waited
 * }
 * }</pre>
 */
final class CacheLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS =
      new ConcurrentHashMap<>();

  private final ReentrantLock local;
  private final FileChannel channel;
  private final FileLock lock;

  private CacheLock(ReentrantLock local, FileChannel channel, FileLock lock) {
    this.local = local;
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock file of a cache entry. */
  static Path lockFile(Path entry) {
    return entry.resolveSibling(entry.getFileName() + ".lock");
  }

  /**
   * Locks {@code entry}, waiting as long as another kernel or thread holds it (and saying so once,
   * naming {@code what} and the lock file).
   *
   * @throws UncheckedIOException if the lock file cannot be created or the wait is interrupted
   */
  static CacheLock acquire(Path entry, String what) {
    Path file = lockFile(entry).toAbsolutePath().normalize();
    ReentrantLock local = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
    boolean said = false;
    if (!local.tryLock()) {
      System.out.println(waiting(what, file));
      said = true;
      local.lock();
    }
    FileChannel ch = null;
    try {
      Files.createDirectories(file.getParent());
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        if (!said) {
          System.out.println(waiting(what, file));
        }
        l = ch.lock();
      }
      return new CacheLock(local, ch, l);
    } catch (ClosedByInterruptException e) {
      release(local, ch);
      throw new UncheckedIOException(
          "interrupted while waiting for the lock " + file + " of the cached model '" + what + "'",
          e);
    } catch (IOException e) {
      release(local, ch);
      throw new UncheckedIOException(
          "could not lock "
              + file
              + " for the cached model '"
              + what
              + "': "
              + e.getMessage()
              + "; is the cache directory writable? (set LAB_CACHE_DIR to one that is)",
          e);
    } catch (RuntimeException | Error e) {
      release(local, ch);
      throw e;
    }
  }

  private static String waiting(String what, Path file) {
    return "Waiting for another kernel to finish training '"
        + what
        + "' (it holds "
        + file
        + "); this one loads the model when it is saved.";
  }

  private static void release(ReentrantLock local, FileChannel ch) {
    try {
      if (ch != null) {
        ch.close(); // releases the file lock too
      }
    } catch (IOException ignored) {
      // nothing was written through it
    } finally {
      local.unlock();
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it as well
    } finally {
      release(local, channel);
    }
  }
}
