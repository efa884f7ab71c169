package io.github.compressionlab;

import io.github.compressionlab.viz.HtmlRenderable;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The answer to a notebook exercise, checked: ✓ when it is right, ✗ with a hint when it is not, and
 * a reminder when the learner has not answered yet. The message never shows the expected value, so
 * a learner can check as often as they like without being told the answer.
 *
 * <p>An exercise cell leaves its answer as {@code null} (or {@code Double.NaN}) and ends with a
 * check:
 *
 * <pre>{@code
 * Double ratio = null; // the bytes of the float32 file over the bytes of the int8 file
 * Check.close("1", ratio, floatBytes / (double) int8Bytes, 0.01, "divide the two file sizes");
 * }</pre>
 *
 * The cell's solution lives in the cell's metadata ({@code lab.solution}); {@code ./lab solutions}
 * writes the notebooks with every exercise cell replaced by its solution, and the tests run them
 * and expect every check to pass. A check shows as one line of HTML whose {@code data-check}
 * attribute ({@code pass}, {@code fail} or {@code open}) the tests read.
 */
public final class Check implements HtmlRenderable {

  /** What a check found. */
  public enum Outcome {
    PASS("✓", "pass", "#1a7f37"),
    FAIL("✗", "fail", "#cf222e"),
    OPEN("○", "open", "#6e7781");

    final String mark;
    final String attribute;
    final String colour;

    Outcome(String mark, String attribute, String colour) {
      this.mark = mark;
      this.attribute = attribute;
      this.colour = colour;
    }
  }

  private final String exercise;
  private final Outcome outcome;
  private final String message;

  private Check(String exercise, Outcome outcome, String message) {
    this.exercise = exercise;
    this.outcome = outcome;
    this.message = message;
  }

  /** Right when {@code |answer − expected| ≤ tolerance}. */
  public static Check close(
      String exercise, Number answer, double expected, double tolerance, String hint) {
    requireTolerance(tolerance);
    if (unanswered(answer)) {
      return open(exercise);
    }
    return judge(exercise, Math.abs(answer.doubleValue() - expected) <= tolerance, hint);
  }

  /** Right when the answer is within {@code fraction} of {@code expected} (0.05 for 5%). */
  public static Check relative(
      String exercise, Number answer, double expected, double fraction, String hint) {
    requireTolerance(fraction);
    if (unanswered(answer)) {
      return open(exercise);
    }
    double scale = Math.max(Math.abs(expected), Double.MIN_NORMAL);
    return judge(exercise, Math.abs(answer.doubleValue() - expected) <= fraction * scale, hint);
  }

  /** Right when {@code low ≤ answer ≤ high}. */
  public static Check between(
      String exercise, Number answer, double low, double high, String hint) {
    if (!(low <= high)) {
      throw new IllegalArgumentException(
          "between(" + low + ", " + high + "): the low end must not exceed the high end");
    }
    if (unanswered(answer)) {
      return open(exercise);
    }
    double a = answer.doubleValue();
    return judge(exercise, a >= low && a <= high, hint);
  }

  /** Right when the answer equals {@code expected} ({@link Objects#equals}). */
  public static Check equal(String exercise, Object answer, Object expected, String hint) {
    if (unanswered(answer)) {
      return open(exercise);
    }
    return judge(exercise, Objects.equals(answer, expected), hint);
  }

  /** Right when {@code test} accepts the answer (a test that throws counts as wrong). */
  public static <T> Check satisfies(
      String exercise, T answer, Predicate<? super T> test, String hint) {
    Objects.requireNonNull(test, "test");
    if (unanswered(answer)) {
      return open(exercise);
    }
    boolean ok;
    try {
      ok = test.test(answer);
    } catch (RuntimeException e) {
      ok = false;
    }
    return judge(exercise, ok, hint);
  }

  /** The outcome: right, wrong, or not answered yet. */
  public Outcome outcome() {
    return outcome;
  }

  public boolean passed() {
    return outcome == Outcome.PASS;
  }

  public String exercise() {
    return exercise;
  }

  @Override
  public String toString() {
    return outcome.mark + " Exercise " + exercise + ": " + message;
  }

  @Override
  public String toHtml() {
    return "<div data-check=\""
        + outcome.attribute
        + "\" style=\"font-family:sans-serif\"><span style=\"color:"
        + outcome.colour
        + ";font-weight:bold\">"
        + outcome.mark
        + " Exercise "
        + escape(exercise)
        + "</span>: "
        + escape(message)
        + "</div>";
  }

  private static Check judge(String exercise, boolean right, String hint) {
    if (right) {
      return new Check(label(exercise), Outcome.PASS, "right.");
    }
    String h = hint == null || hint.isBlank() ? "" : " Hint: " + hint.strip();
    return new Check(label(exercise), Outcome.FAIL, "not yet." + h);
  }

  private static Check open(String exercise) {
    return new Check(
        label(exercise),
        Outcome.OPEN,
        "not answered yet: replace null (or NaN) above with your answer and run the cell again.");
  }

  private static String label(String exercise) {
    if (exercise == null || exercise.isBlank()) {
      throw new IllegalArgumentException("name the exercise (\"1\", \"2a\", ...)");
    }
    return exercise.strip();
  }

  private static boolean unanswered(Object answer) {
    if (answer == null) {
      return true;
    }
    if (answer instanceof Double d) {
      return d.isNaN();
    }
    if (answer instanceof Float f) {
      return f.isNaN();
    }
    return false;
  }

  private static void requireTolerance(double tolerance) {
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException(
          "a tolerance must be a finite number ≥ 0, not " + tolerance);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
