package io.github.compressionlab.widgets;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Listeners of one event, each called with the context class loader of the thread that registered
 * it: a listener defined in a notebook cell resolves classes through the cell's loader (where
 * {@code %maven} and {@code %jars} put theirs) even when a front-end change calls it on the widget
 * callback thread.
 */
final class Listeners<T> {

  private record Entry<T>(Consumer<? super T> listener, ClassLoader loader) {}

  private final List<Entry<T>> entries = new CopyOnWriteArrayList<>();

  Subscription add(Consumer<? super T> listener) {
    Entry<T> e =
        new Entry<>(
            Objects.requireNonNull(listener), Thread.currentThread().getContextClassLoader());
    entries.add(e);
    return () -> entries.remove(e);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Calls every listener in registration order; the first exception stops and propagates. */
  void fire(T value) {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try {
      for (Entry<T> e : entries) {
        thread.setContextClassLoader(e.loader());
        e.listener().accept(value);
      }
    } finally {
      thread.setContextClassLoader(before);
    }
  }
}
