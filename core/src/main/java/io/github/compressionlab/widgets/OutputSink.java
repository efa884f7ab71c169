package io.github.compressionlab.widgets;

/**
 * Where a {@link WidgetHost.Capture} sends what the captured code prints and displays; an {@link
 * Output} widget is one. Calls come in the order the code made them.
 */
public interface OutputSink {

  /** Text written to {@code System.out} ({@code err == false}) or {@code System.err}. */
  void stream(boolean err, String text);

  /** A displayed value; {@code displayId} is null unless the display may be updated later. */
  void display(MimeBundle bundle, String displayId);

  /**
   * Replaces the display with {@code displayId}; returns false if this sink has none (the host then
   * updates it wherever else it may be).
   */
  boolean updateDisplay(String displayId, MimeBundle bundle);
}
