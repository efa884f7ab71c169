package io.github.compressionlab.kernel;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;

/**
 * A cell's {@code System.in}: each time the program needs more input, the front end is asked for a
 * line (Jupyter's input_request), which then reads as that line plus a newline. Without stdin (the
 * front end did not allow it, as in headless runs) it is at its end.
 */
final class CellInputStream extends InputStream {

  private final ShellReplyEnvironment env;
  private final boolean allowed;
  private byte[] line = new byte[0];
  private int pos;

  CellInputStream(ShellReplyEnvironment env, boolean allowed) {
    this.env = env;
    this.allowed = allowed;
  }

  @Override
  public synchronized int read() {
    if (!fill()) {
      return -1;
    }
    return line[pos++] & 0xFF;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, line.length - pos);
    System.arraycopy(line, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public synchronized int available() {
    return line.length - pos;
  }

  private boolean fill() {
    if (pos < line.length) {
      return true;
    }
    if (!allowed) {
      return false;
    }
    System.out.flush(); // show a prompt printed just before reading
    String text = env.readFromStdIn("", false);
    if (text == null) {
      return false;
    }
    line = (text + "\n").getBytes(StandardCharsets.UTF_8);
    pos = 0;
    return true;
  }
}
