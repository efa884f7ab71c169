package io.github.compressionlab.widgets;

/** Code a widget runs for the learner (a click, a re-run); it may throw checked exceptions. */
@FunctionalInterface
public interface Action {

  void run() throws Exception;
}
