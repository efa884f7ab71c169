package io.github.compressionlab.jupyter;

import io.github.compressionlab.nn.ProgressSink;
import java.util.Locale;
import java.util.UUID;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * Progress as one notebook display that updates in place (display_data once, then
 * update_display_data), instead of thousands of printed lines. Updates are throttled to at most
 * {@link #MAX_UPDATES_PER_SECOND} a second; the final line is always shown. Each update shows a
 * static HTML {@code <progress>} bar, the caller's line and an estimate of the time left.
 */
public final class DisplayProgressSink implements ProgressSink {

  /** Where the progress display goes: a kernel that shows a display and updates it by id. */
  public interface Target {
    void show(DisplayData data);

    void update(String displayId, DisplayData data);
  }

  static final int MAX_UPDATES_PER_SECOND = 5;
  private static final long MIN_INTERVAL_NANOS = 1_000_000_000L / MAX_UPDATES_PER_SECOND;
  private static final int TEXT_BAR = 24;

  private final Target kernel;
  private final String id = UUID.randomUUID().toString();
  private String title = "";
  private long startNanos;
  private long lastUpdate;

  public DisplayProgressSink(Target kernel) {
    this.kernel = kernel;
  }

  @Override
  public void start(String title) {
    this.title = title == null ? "" : title;
    this.startNanos = System.nanoTime();
    this.lastUpdate = startNanos;
    DisplayData data = bundle("starting", 0);
    withDisplayId(data, id);
    kernel.show(data);
  }

  /**
   * {@code data.setDisplayId(id)}, looked up by name: the lab compiles against JJava 1.0-a6 (the
   * version on Maven Central, where it returns {@code void}) while the stock JJava kernel of the
   * pinned Python environment is 1.0a8, where it returns {@code DisplayData}. A direct call links
   * against one signature and fails with {@code NoSuchMethodError} in the other kernel.
   */
  static void withDisplayId(DisplayData data, String id) {
    try {
      DisplayData.class.getMethod("setDisplayId", String.class).invoke(data, id);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "this JJava's DisplayData has no usable setDisplayId(String): the progress display"
              + " cannot update in place; run the notebook in the lab's kernel",
          e);
    }
  }

  @Override
  public void update(String line, double fraction) {
    long now = System.nanoTime();
    if (now - lastUpdate < MIN_INTERVAL_NANOS && fraction < 1) {
      return;
    }
    lastUpdate = now;
    kernel.update(id, bundle(line + timeLeft(fraction, now), fraction));
  }

  @Override
  public void finish(String line) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    kernel.update(id, bundle(line + String.format(Locale.ROOT, "  (%.1f s)", seconds), 1));
  }

  private String timeLeft(double fraction, long now) {
    if (fraction <= 0.01 || fraction >= 1) {
      return "";
    }
    double elapsed = (now - startNanos) / 1e9;
    double left = elapsed * (1 - fraction) / fraction;
    return left < 90
        ? String.format(Locale.ROOT, "  ~%.0f s left", left)
        : String.format(Locale.ROOT, "  ~%.1f min left", left / 60);
  }

  private DisplayData bundle(String line, double fraction) {
    double f = Math.max(0, Math.min(1, fraction));
    int filled = (int) Math.round(f * TEXT_BAR);
    String text =
        (title.isEmpty() ? "" : title + "\n")
            + "["
            + "=".repeat(filled)
            + (filled < TEXT_BAR ? ">" + " ".repeat(TEXT_BAR - filled - 1) : "")
            + "] "
            + String.format(Locale.ROOT, "%3.0f%% ", f * 100)
            + line;
    DisplayData data = new DisplayData(text);
    data.putHTML(
        "<div style=\"font-family:monospace\">"
            + (title.isEmpty() ? "" : "<div>" + escape(title) + "</div>")
            + String.format(
                Locale.ROOT,
                "<progress value=\"%.4f\" max=\"1\" style=\"width:24em\"></progress> ",
                f)
            + String.format(Locale.ROOT, "%.0f%% ", f * 100)
            + escape(line)
            + "</div>");
    return data;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
