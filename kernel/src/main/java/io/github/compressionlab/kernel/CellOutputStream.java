package io.github.compressionlab.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Collects a cell's stdout or stderr and sends it as Jupyter stream messages: at most every {@code
 * intervalMillis} (the kernel's flusher calls {@link #flushIfDue()}), at once when a chunk is full,
 * and at the end of the cell. Batching keeps a cell that prints megabytes from turning into
 * millions of messages.
 */
final class CellOutputStream extends OutputStream {

  static final int CHUNK = 256 * 1024;

  private final Consumer<String> sink;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  CellOutputStream(Consumer<String> sink) {
    this.sink = sink;
  }

  @Override
  public synchronized void write(int b) {
    buffer.write(b);
    if (buffer.size() >= CHUNK) {
      send(false);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
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
