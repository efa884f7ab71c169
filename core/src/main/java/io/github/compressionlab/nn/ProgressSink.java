package io.github.compressionlab.nn;

import java.util.function.Supplier;

/**
 * Where progress of long work is shown. Call order: {@link #start} once, {@link #update} any number
 * of times, {@link #finish} once. The default prints a one-line text bar to stdout ({@link
 * TextProgressSink}); the notebook kernel installs one that updates a display via {@link
 * #setFactory}.
 */
public interface ProgressSink {
  void start(String title);

  /** Replaces the displayed line; {@code fraction} in [0, 1] is the overall progress. */
  void update(String line, double fraction);

  /** Shows the final line and ends this display. */
  void finish(String line);

  /** A new sink from the installed factory (a {@link TextProgressSink} unless replaced). */
  static ProgressSink create() {
    return ProgressSinkFactory.factory.get();
  }

  /** Installs the factory {@link #create()} uses; {@code null} restores the text bar. */
  static void setFactory(Supplier<ProgressSink> factory) {
    ProgressSinkFactory.factory = factory == null ? TextProgressSink::new : factory;
  }
}

/** Holds the factory behind {@link ProgressSink#create()}. */
final class ProgressSinkFactory {
  static volatile Supplier<ProgressSink> factory = TextProgressSink::new;

  private ProgressSinkFactory() {}
}
