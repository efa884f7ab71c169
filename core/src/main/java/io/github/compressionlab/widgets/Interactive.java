package io.github.compressionlab.widgets;

import java.util.ArrayList;
import java.util.List;

/**
 * Controls over an {@link Output} that shows a function of them, re-run on every change: what
 * {@link Interact#interact} returns. Displayed, it is a column: the controls, then the output.
 *
 * <p>Re-runs are coalesced: a change that arrives while a run waits joins that run, and a change
 * during a run queues one more, which reads the controls when it starts. So a dragged slider shows
 * its latest value as soon as the function can keep up, never a backlog of stale ones.
 */
public final class Interactive extends Box<Interactive> {

  private final List<ValueWidget<?>> controls;
  private final Output output;
  private final Action body;

  Interactive(Action body, List<ValueWidget<?>> controls) {
    this(body, controls, new Output());
  }

  private Interactive(Action body, List<ValueWidget<?>> controls, Output output) {
    super("VBoxModel", "VBoxView", children(controls, output));
    this.controls = List.copyOf(controls);
    this.output = output;
    this.body = body;
    for (ValueWidget<?> c : controls) {
      c.onChange(v -> rerun());
    }
  }

  private static List<Widget> children(List<ValueWidget<?>> controls, Output output) {
    List<Widget> c = new ArrayList<>();
    for (ValueWidget<?> v : controls) {
      if (!(v instanceof Widget w)) {
        throw new IllegalArgumentException("interact: " + v + " is not a widget");
      }
      c.add(w);
    }
    c.add(output);
    return c;
  }

  /** The output the function's result, prints and errors go to. */
  public Output output() {
    return output;
  }

  /** The controls, in the order given. */
  public List<ValueWidget<?>> controls() {
    return controls;
  }

  /** Runs the function now, on this thread, replacing what the output shows. */
  public void runNow() {
    output.clear(true);
    output.run(body);
  }

  /** Asks for a re-run on the callback thread, merged with one already waiting. */
  public void rerun() {
    WidgetRuntime.current().callbackLatest(this, WidgetRuntime.origin(), this::runNow);
  }

  @Override
  void describe(List<String> parts) {
    for (ValueWidget<?> c : controls) {
      String name =
          c instanceof DescriptionWidget<?, ?> d && !d.description().isEmpty()
              ? d.description()
              : ((Widget) c).modelName();
      // a choice shows its label: its value may be anything (an array of logits, a model)
      Object v = c instanceof Selection<?, ?, ?> s ? s.label() : c.value();
      parts.add(name + "=" + (v instanceof String s ? quoted(s) : v));
    }
    parts.add("output=" + output);
  }
}
