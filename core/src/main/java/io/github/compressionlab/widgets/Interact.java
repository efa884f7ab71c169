package io.github.compressionlab.widgets;

import java.util.List;

/**
 * {@code interact}: a function of some controls, shown below them and re-run whenever one changes,
 * as ipywidgets' {@code interact} does in Python. The kernel imports it in every notebook:
 *
 * <pre>{@code
 * var t = new FloatLogSlider("T").range(0.1, 20).value(2);
 * var image = Dropdown.of("image", List.of(0, 1, 2));
 * interact(() -> SoftLabels.barChart(logits.getRow(image.value()), t.value()), t, image)
 * }</pre>
 *
 * The function runs once at once (so the cell's output shows the first result, also when run
 * headless), then on the widget callback thread after each change, coalesced while a slider is
 * dragged. What it returns is shown as a cell shows its value (a chart, a table); what it prints or
 * displays shows too; an exception it throws shows in the output and goes no further.
 */
public final class Interact {

  /** A function of the controls whose result is shown; null shows nothing. */
  @FunctionalInterface
  public interface Body {
    Object render() throws Exception;
  }

  private Interact() {}

  /** Shows {@code body}'s result below {@code controls}, re-run on every change. */
  public static Interactive interact(Body body, ValueWidget<?>... controls) {
    return start(body, controls);
  }

  /** Runs {@code action} (which prints or displays) below {@code controls} on every change. */
  public static Interactive interact(Action action, ValueWidget<?>... controls) {
    return start(
        () -> {
          action.run();
          return null;
        },
        controls);
  }

  private static Interactive start(Body body, ValueWidget<?>[] controls) {
    if (controls.length == 0) {
      throw new IllegalArgumentException("interact needs at least one control");
    }
    Interactive[] self = new Interactive[1];
    Interactive panel =
        new Interactive(
            () -> {
              Object result = body.render();
              if (result != null) {
                self[0].output().append(result);
              }
            },
            List.of(controls));
    self[0] = panel;
    panel.runNow();
    return panel;
  }
}
