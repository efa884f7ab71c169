package io.github.compressionlab.widgets;

/** A registered listener; {@link #cancel()} removes it. */
@FunctionalInterface
public interface Subscription {

  void cancel();
}
