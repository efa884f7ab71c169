package io.github.compressionlab.widgets;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One synchronised attribute of a widget: its wire name, codec, current value, whether a front end
 * may set it, the check every new value must pass, and its listeners. The owning {@link Widget}
 * guards the value and sends changes.
 */
final class Trait<T> {

  final String name;
  final Codec<T> codec;
  final boolean frontendWritable;
  private final Function<? super T, String> check;
  private final Listeners<T> listeners = new Listeners<>();
  private T value;

  Trait(
      String name,
      Codec<T> codec,
      T initial,
      boolean frontendWritable,
      Function<? super T, String> check) {
    this.name = name;
    this.codec = codec;
    this.frontendWritable = frontendWritable;
    this.check = check;
    this.value = initial;
  }

  T get() {
    return value;
  }

  /** Sets the value; true if it changed. Callers hold the widget's lock. */
  boolean put(T v) {
    if (Objects.equals(value, v) && !(v instanceof byte[])) {
      return false;
    }
    value = v;
    return true;
  }

  /** Null if {@code v} is acceptable now, else why not. */
  String problem(T v) {
    return check == null ? null : check.apply(v);
  }

  Subscription listen(Consumer<? super T> listener) {
    return listeners.add(listener);
  }

  void fire(T v) {
    listeners.fire(v);
  }

  boolean hasListeners() {
    return !listeners.isEmpty();
  }
}
