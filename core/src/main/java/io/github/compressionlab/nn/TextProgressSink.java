package io.github.compressionlab.nn;

import java.io.PrintStream;

/**
 * A one-line text progress bar, redrawn in place with {@code \r}: {@code [=======> ] line}. Redraws
 * at most every 100 ms so printing never slows training.
 */
public final class TextProgressSink implements ProgressSink {
  private static final int WIDTH = 20;
  private static final long MIN_INTERVAL_NANOS = 100_000_000L;
  private final PrintStream out;
  private long lastDraw;
  private int lastLength;

  public TextProgressSink() {
    this(System.out);
  }

  public TextProgressSink(PrintStream out) {
    this.out = out;
  }

  @Override
  public void start(String title) {
    if (title != null && !title.isEmpty()) {
      out.println(title);
    }
    lastDraw = 0;
    lastLength = 0;
  }

  @Override
  public void update(String line, double fraction) {
    long now = System.nanoTime();
    if (now - lastDraw < MIN_INTERVAL_NANOS && fraction < 1) {
      return;
    }
    lastDraw = now;
    draw(bar(fraction) + " " + line);
  }

  @Override
  public void finish(String line) {
    draw(line);
    out.println();
    out.flush();
  }

  private void draw(String text) {
    StringBuilder s = new StringBuilder("\r").append(text);
    for (int i = text.length(); i < lastLength; i++) {
      s.append(' ');
    }
    lastLength = text.length();
    out.print(s);
    out.flush();
  }

  static String bar(double fraction) {
    double f = Math.max(0, Math.min(1, fraction));
    int filled = (int) Math.round(f * WIDTH);
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < WIDTH; i++) {
      s.append(i < filled ? '=' : (i == filled ? '>' : ' '));
    }
    return s.append(']').toString();
  }
}
