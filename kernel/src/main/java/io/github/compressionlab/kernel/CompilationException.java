package io.github.compressionlab.kernel;

import java.util.List;

/** A cell did not compile; holds javac's diagnostics with the offending source spans. */
public final class CompilationException extends RuntimeException {

  /** One javac diagnostic: its message and the span [start, end) in {@code source}. */
  public record Problem(String message, String source, int start, int end) {}

  private final List<Problem> problems;

  CompilationException(List<Problem> problems) {
    super(problems.isEmpty() ? "does not compile" : summary(problems.get(0).message()));
    this.problems = List.copyOf(problems);
  }

  private static String summary(String javacMessage) {
    return javacMessage
        .lines()
        .filter(l -> !l.strip().equals("location: class"))
        .map(String::strip)
        .reduce((a, b) -> a + "; " + b)
        .orElse(javacMessage);
  }

  public List<Problem> problems() {
    return problems;
  }
}
