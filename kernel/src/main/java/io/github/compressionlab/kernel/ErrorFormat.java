package io.github.compressionlab.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

/**
 * Turns a failed cell into traceback lines: javac's message with the offending span marked for code
 * that does not compile, and for exceptions a stack trace cut at the user's code (frames of the
 * kernel, JShell and reflection below it are noise to a notebook reader).
 */
final class ErrorFormat {

  /** JShell compiles every snippet into a class of this package. */
  private static final String SNIPPET_PACKAGE = "REPL.";

  private ErrorFormat() {}

  static List<String> lines(Throwable e, StringStyler styler) {
    List<String> out = new ArrayList<>();
    if (e instanceof CompilationException ce) {
      for (CompilationException.Problem p : ce.problems()) {
        out.addAll(compileProblem(p, styler));
      }
    } else if (e instanceof MagicException) {
      out.add(styler.secondary("error: ") + styler.primary(e.getMessage()));
    } else if (e instanceof EvaluationInterruptedException) {
      out.add(styler.secondary("Interrupted: " + e.getMessage()));
    } else if (e instanceof UserCodeException && e.getCause() != null) {
      out.addAll(stackTrace(e.getCause(), styler));
    } else {
      out.addAll(stackTrace(e, styler));
    }
    return out;
  }

  private static List<String> compileProblem(CompilationException.Problem p, StringStyler styler) {
    List<String> out = new ArrayList<>();
    out.add(styler.secondary("error: ") + styler.primary(firstLine(p.message())));
    for (String more : p.message().lines().skip(1).toList()) {
      if (!more.strip().equals("location: class")) { // JShell's wrapper class has no name
        out.add("  " + more);
      }
    }
    String src = p.source();
    if (src == null || src.isEmpty()) {
      return out;
    }
    int start = Math.min(p.start(), src.length());
    int end = Math.min(Math.max(p.end(), start + 1), src.length());
    int lineStart = src.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
    if (start == 0) {
      lineStart = 0;
    }
    int lineEnd = src.indexOf('\n', start);
    if (lineEnd < 0) {
      lineEnd = src.length();
    }
    String line = src.substring(lineStart, lineEnd);
    int caretEnd = Math.max(start + 1, Math.min(end, lineEnd));
    out.add("    " + line);
    out.add(
        "    "
            + " ".repeat(Math.max(0, start - lineStart))
            + styler.secondary("^".repeat(Math.max(1, caretEnd - start))));
    return out;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  static List<String> stackTrace(Throwable t, StringStyler styler) {
    List<String> out = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    String prefix = "";
    while (t != null && seen.add(t)) {
      out.add(styler.secondary(prefix + t));
      for (StackTraceElement frame : userFrames(t.getStackTrace())) {
        out.add("\tat " + describe(frame));
      }
      prefix = "Caused by: ";
      t = t.getCause();
    }
    return out;
  }

  /** Frames down to the last snippet frame; all frames if no snippet frame is present. */
  static List<StackTraceElement> userFrames(StackTraceElement[] frames) {
    int last = -1;
    for (int i = 0; i < frames.length; i++) {
      if (frames[i].getClassName().startsWith(SNIPPET_PACKAGE)) {
        last = i;
      }
    }
    if (last < 0) {
      for (int i = 0; i < frames.length; i++) {
        String c = frames[i].getClassName();
        if (c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.Method")) {
          return List.of(frames).subList(0, i);
        }
      }
      return List.of(frames);
    }
    return List.of(frames).subList(0, last + 1);
  }

  /**
   * A frame; snippet frames lose JShell's synthetic class and file names ("REPL.$JShell$12",
   * "$JShell$12.java"), whose line numbers count lines of a generated wrapper, not of the cell.
   */
  static String describe(StackTraceElement f) {
    if (!f.getClassName().startsWith(SNIPPET_PACKAGE)) {
      return f.toString();
    }
    if (f.getMethodName().equals("do_it$")) {
      return "<cell>";
    }
    String cls = f.getClassName().substring(SNIPPET_PACKAGE.length());
    // "$JShell$12" for a method of the cell, "$JShell$12$Point" for one of a class it declared
    int nested = cls.startsWith("$JShell$") ? cls.indexOf('$', "$JShell$".length()) : -1;
    String owner = nested > 0 ? cls.substring(nested + 1) + "." : "";
    return owner + f.getMethodName() + "(<cell>)";
  }
}
