package io.github.compressionlab.widgets;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Points {@code System.out} and {@code System.err} at an {@link OutputSink} until closed, then
 * restores the streams that were there. Every print reaches the sink as it is made (the streams
 * flush on each write), so text and displays keep their order.
 *
 * <p>{@code System.out} is one per JVM: while a capture is open, other threads' prints land in the
 * sink too. Hosts open captures only while no cell runs, or on a cell's own thread.
 */
public final class StreamCapture implements WidgetHost.Capture {

  private final PrintStream oldOut = System.out;
  private final PrintStream oldErr = System.err;
  private final PrintStream out;
  private final PrintStream err;

  private StreamCapture(OutputSink sink) {
    out = new PrintStream(new SinkStream(sink, false), true, StandardCharsets.UTF_8);
    err = new PrintStream(new SinkStream(sink, true), true, StandardCharsets.UTF_8);
    System.setOut(out);
    System.setErr(err);
  }

  /** Starts capturing into {@code sink}. */
  public static StreamCapture start(OutputSink sink) {
    return new StreamCapture(sink);
  }

  @Override
  public void close() {
    out.flush();
    err.flush();
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  /** Bytes to text on each flush; a multi-byte character split across writes waits for its end. */
  private static final class SinkStream extends OutputStream {
    private final OutputSink sink;
    private final boolean err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    SinkStream(OutputSink sink, boolean err) {
      this.sink = sink;
      this.err = err;
    }

    @Override
    public synchronized void write(int b) {
      buffer.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      buffer.write(b, off, len);
    }

    @Override
    public synchronized void flush() {
      byte[] bytes = buffer.toByteArray();
      int cut = completePrefix(bytes);
      buffer.reset();
      buffer.write(bytes, cut, bytes.length - cut);
      if (cut > 0) {
        sink.stream(err, new String(bytes, 0, cut, StandardCharsets.UTF_8));
      }
    }

    private static int completePrefix(byte[] b) {
      int n = b.length;
      for (int back = 1; back <= Math.min(3, n); back++) {
        int c = b[n - back] & 0xFF;
        if ((c & 0xC0) == 0x80) {
          continue;
        }
        int needed = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return needed > back ? n - back : n;
      }
      return n;
    }
  }
}
