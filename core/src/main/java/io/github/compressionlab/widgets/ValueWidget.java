package io.github.compressionlab.widgets;

import java.util.function.Consumer;

/**
 * A control with a typed value that the learner changes: sliders, dropdowns, toggles, check boxes.
 *
 * <p>Listeners run after the value has changed: on the thread that set it for a change made in
 * Java, on the widget callback thread (while no cell runs) for a change made in a front end. What a
 * listener prints goes to the kernel's log unless it is wrapped by {@link Output#capturing}.
 */
public interface ValueWidget<T> {

  T value();

  /** Calls {@code listener} with every new value. */
  Subscription onChange(Consumer<? super T> listener);
}
