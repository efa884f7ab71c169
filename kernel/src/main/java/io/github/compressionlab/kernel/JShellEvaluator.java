package io.github.compressionlab.kernel;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Evaluates Java cells with JShell in this JVM.
 *
 * <p>A cell is split into snippets with {@link SourceCodeAnalysis#analyzeCompletion}; they run in
 * order and the first failure ends the cell. The value of the last snippet, if it is an expression,
 * comes back as the real object. Not thread-safe: the kernel calls it from one thread at a time,
 * except {@link #interrupt()}, which may come from any thread.
 */
public final class JShellEvaluator implements AutoCloseable {

  /** What a cell produced: its last expression's value, or {@link #NO_VALUE}. */
  public static final Object NO_VALUE = new Object();

  private final LabExecutionControlProvider provider = new LabExecutionControlProvider();
  private final JShell shell;
  private final Set<String> classpath = new LinkedHashSet<>();

  public JShellEvaluator() {
    this.shell = JShell.builder().executionEngine(provider, null).build();
  }

  /** Adds class path entries (jars or folders) to both the compiler and the class loader. */
  public void addToClasspath(String path) {
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isBlank() && classpath.add(entry)) {
        shell.addToClasspath(entry);
      }
    }
  }

  /** The entries added so far, in order. */
  public List<String> classpath() {
    return List.copyOf(classpath);
  }

  /**
   * Evaluates a cell and returns its last expression's value, {@code null} for a null value, or
   * {@link #NO_VALUE}.
   *
   * @throws CompilationException if a snippet does not compile (earlier snippets have run)
   * @throws UserCodeException if the code throws; its cause is the original exception
   * @throws EvaluationInterruptedException if the cell was interrupted
   */
  public Object eval(String cell) {
    LabExecutionControl control = provider.control();
    control.beginCell();
    control.clearValues();
    Object result = NO_VALUE;
    String remaining = cell;
    try {
      while (!remaining.isBlank()) {
        CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(remaining);
        String source;
        if (info.completeness() == Completeness.EMPTY) {
          break;
        } else if (info.completeness().isComplete()) {
          source = info.source();
          remaining = info.remaining();
        } else {
          // Incomplete or unparsable: let JShell compile it and report javac's error.
          source = info.source() != null && !info.source().isBlank() ? info.source() : remaining;
          remaining = "";
        }
        result = evalSnippet(source, control);
      }
    } finally {
      control.endCell();
      control.clearValues();
    }
    return result;
  }

  private Object evalSnippet(String source, LabExecutionControl control) {
    List<SnippetEvent> events = shell.eval(source);
    if (control.takeInterrupted()) {
      if (control.takeAbandoned()) {
        System.err.println(
            "The cell did not stop within the grace period: it was inside code that never checks"
                + " for interrupts, and this JDK ("
                + Runtime.version().feature()
                + ") can no longer stop a thread from outside. It goes on in the background;"
                + " restart the kernel to end it.");
      }
      throw new EvaluationInterruptedException();
    }
    Object value = NO_VALUE;
    for (SnippetEvent event : events) {
      if (event.causeSnippet() != null) {
        continue; // an update of a dependent snippet, not this one
      }
      Snippet snippet = event.snippet();
      if (event.status() == Snippet.Status.REJECTED) {
        throw compilationError(snippet, source);
      }
      JShellException ex = event.exception();
      if (ex != null) {
        Throwable original = control.takeUserException();
        if (ex instanceof UnresolvedReferenceException ure) {
          throw compilationError(ure.getSnippet(), source);
        }
        if (original != null) {
          throw new UserCodeException(original);
        }
        throw new UserCodeException(
            new RuntimeException(
                (ex instanceof EvalException ee ? ee.getExceptionClassName() + ": " : "")
                    + ex.getMessage()));
      }
      if (isValueSnippet(snippet)) {
        String key = event.value();
        value = control.isValueKey(key) ? control.takeValue(key) : null;
      }
    }
    return value;
  }

  private static boolean isValueSnippet(Snippet s) {
    return s.kind() == Snippet.Kind.EXPRESSION
        || s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
  }

  private CompilationException compilationError(Snippet snippet, String source) {
    List<CompilationException.Problem> problems = new ArrayList<>();
    for (Diag d : shell.diagnostics(snippet).collect(Collectors.toList())) {
      if (!d.isError()) {
        continue;
      }
      int start = (int) Math.max(0, d.getStartPosition());
      int end = (int) Math.max(start, d.getEndPosition());
      problems.add(
          new CompilationException.Problem(
              d.getMessage(null),
              snippet.source(),
              start,
              Math.min(end, snippet.source().length())));
    }
    if (problems.isEmpty() && snippet instanceof jdk.jshell.DeclarationSnippet decl) {
      List<String> unresolved = shell.unresolvedDependencies(decl).collect(Collectors.toList());
      problems.add(
          new CompilationException.Problem(
              "cannot find symbol: " + String.join(", ", unresolved), snippet.source(), 0, 0));
    }
    if (problems.isEmpty()) {
      problems.add(new CompilationException.Problem("does not compile", source, 0, 0));
    }
    return new CompilationException(problems);
  }

  /**
   * Interrupts the running cell: its loops stop at their next iteration and {@link
   * Thread#interrupt()} wakes it; after {@code graceMillis} a cell still running is stopped (JDK
   * 17-19) or left behind (JDK 20+). Safe to call from any thread. See {@code LabExecutionControl}.
   */
  public void interrupt(long graceMillis) {
    provider.control().interrupt(graceMillis);
  }

  /** Completion candidates at {@code cursor}: the replacement start and the texts. */
  public record Completions(int start, int end, List<String> candidates) {}

  public Completions complete(String code, int cursor) {
    int[] anchor = new int[1];
    List<SourceCodeAnalysis.Suggestion> suggestions =
        shell.sourceCodeAnalysis().completionSuggestions(code, cursor, anchor);
    Set<String> seen = new LinkedHashSet<>();
    suggestions.stream()
        .filter(SourceCodeAnalysis.Suggestion::matchesType)
        .forEach(s -> seen.add(s.continuation()));
    suggestions.forEach(s -> seen.add(s.continuation()));
    return new Completions(anchor[0], cursor, List.copyOf(seen));
  }

  /** Javadoc-style documentation of the symbol at {@code cursor}, or null. */
  public String documentation(String code, int cursor, boolean detail) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, cursor, true);
    if (docs.isEmpty()) {
      // JShell documents the call being written; on a bare name ("Math.max") ask as if the
      // call had been opened ("Math.max(").
      int end = cursor;
      while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
        end++;
      }
      String opened = code.substring(0, end) + "(";
      docs = analysis.documentation(opened, opened.length(), true);
    }
    if (docs.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (SourceCodeAnalysis.Documentation d : docs) {
      if (out.length() > 0) {
        out.append("\n\n");
      }
      out.append(d.signature());
      if (d.javadoc() != null && !d.javadoc().isBlank()) {
        out.append("\n\n").append(d.javadoc().strip());
      }
    }
    return out.toString();
  }

  /** Kinds of answer to "is this cell complete?" */
  public enum CellCompleteness {
    COMPLETE,
    INCOMPLETE,
    INVALID
  }

  /** Whether the cell is complete, needs more input, or can never compile as it stands. */
  public CellCompleteness isComplete(String code) {
    String remaining = code;
    while (!remaining.isBlank()) {
      CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(remaining);
      switch (info.completeness()) {
        case EMPTY:
          return CellCompleteness.COMPLETE;
        case COMPLETE:
        case COMPLETE_WITH_SEMI:
        case CONSIDERED_INCOMPLETE:
          if (info.completeness() == Completeness.CONSIDERED_INCOMPLETE
              && info.remaining().isBlank()) {
            return CellCompleteness.INCOMPLETE;
          }
          remaining = info.remaining();
          break;
        case DEFINITELY_INCOMPLETE:
          return CellCompleteness.INCOMPLETE;
        case UNKNOWN:
        default:
          return CellCompleteness.INVALID;
      }
    }
    return CellCompleteness.COMPLETE;
  }

  @Override
  public void close() {
    shell.close();
  }
}
