package io.github.compressionlab.nas;

/** Checks shared by the strategies. */
final class Strategies {
  private Strategies() {}

  static void checkStarted(SearchSpace space, SearchStrategy s) {
    if (space == null) {
      throw new IllegalStateException(
          s.name() + " has not been started: call reset(space, seed) before propose");
    }
  }

  static void checkReport(int expected, int got, SearchStrategy s) {
    if (expected != got) {
      throw new IllegalArgumentException(
          s.name()
              + " proposed "
              + expected
              + " candidates but got "
              + got
              + " trials back; report exactly the trials of the last propose, in order");
    }
  }
}
