package io.github.compressionlab.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Collects a cell's stdout or stderr and sends it as Jupyter stream messages: at most every {@code
 * intervalMillis} (the kernel's flusher calls {@link #flushIfDue()}), at once when a chunk is full,
 * and at the end of the cell. Batching keeps a cell that prints megabytes from turning into
 * millions of messages.
 *
 * <p>A cell's output is bounded: past {@code limit} bytes the rest is dropped (a front end holding
 * a 100 MB cell output slows to a crawl, and a notebook saved with it is unusable). The stream says
 * so once where it stops, and at the end of the cell how much was left out.
 */
final class CellOutputStream extends OutputStream {

  static final int CHUNK = 256 * 1024;

  /** The default bound of one cell's stdout (and, separately, stderr): 16 MiB. */
  static final long DEFAULT_LIMIT = 16L << 20;

  private final Consumer<String> sink;
  private final long limit;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private long accepted;
  private long dropped;

  CellOutputStream(Consumer<String> sink) {
    this(sink, DEFAULT_LIMIT);
  }

  CellOutputStream(Consumer<String> sink, long limit) {
    this.sink = sink;
    this.limit = limit;
  }

  /** Bytes left out past the limit so far. */
  synchronized long dropped() {
    return dropped;
  }

  @Override
  public synchronized void write(int b) {
    if (accepted >= limit) {
      drop(1);
      return;
    }
    accepted++;
    buffer.write(b);
    if (buffer.size() >= CHUNK) {
      send(false);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    if (accepted + len > limit) {
      int keep = (int) Math.max(0, limit - accepted);
      if (keep > 0) {
        write(b, off, keep);
      }
      drop(len - keep);
      return;
    }
    accepted += len;
    while (len > 0) {
      int n = Math.min(len, CHUNK - buffer.size());
      buffer.write(b, off, n);
      off += n;
      len -= n;
      if (buffer.size() >= CHUNK) {
        send(false);
      }
    }
  }

  private void drop(long n) {
    if (dropped == 0) {
      send(true);
      sink.accept(
          String.format(
              Locale.ROOT,
              "%n[output truncated: this cell printed more than %,d bytes; the rest is not shown."
                  + " Write large output to a file instead.]%n",
              limit));
    }
    dropped += n;
  }

  /**
   * At the end of the cell: sends everything, and if output was dropped, how much. The stream can
   * be used for another cell afterwards.
   */
  synchronized void finish() {
    flush();
    if (dropped > 0) {
      sink.accept(
          String.format(
              Locale.ROOT,
              "[output truncated: %,d more bytes of this cell's output were not shown]%n",
              dropped));
    }
  }

  /** Sends whatever is buffered (complete characters only). */
  synchronized void flushIfDue() {
    if (buffer.size() > 0) {
      send(false);
    }
  }

  /** Sends everything, including a trailing partial character. */
  @Override
  public synchronized void flush() {
    if (buffer.size() > 0) {
      send(true);
    }
  }

  private void send(boolean all) {
    byte[] bytes = buffer.toByteArray();
    int cut = all ? bytes.length : completeUtf8Prefix(bytes);
    buffer.reset();
    buffer.write(bytes, cut, bytes.length - cut);
    if (cut > 0) {
      sink.accept(new String(bytes, 0, cut, StandardCharsets.UTF_8));
    }
  }

  /** Length of the longest prefix that does not end inside a multi-byte UTF-8 character. */
  static int completeUtf8Prefix(byte[] b) {
    int n = b.length;
    for (int back = 1; back <= Math.min(3, n); back++) {
      int c = b[n - back] & 0xFF;
      if ((c & 0xC0) == 0x80) {
        continue; // continuation byte: look further back for the lead byte
      }
      int needed = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      return needed > back ? n - back : n;
    }
    return n;
  }
}
