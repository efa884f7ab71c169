package io.github.compressionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JShellEvaluatorTest {

  private static JShellEvaluator shell;

  @BeforeAll
  static void start() {
    shell = new JShellEvaluator();
    shell.addToClasspath(System.getProperty("java.class.path"));
  }

  @AfterAll
  static void stop() {
    shell.close();
  }

  @Test
  void eval_returnsLastExpressionAsRealObject() {
    Object v = shell.eval("int half = 21;\nhalf * 2");
    assertEquals(42, v);
    assertInstanceOf(StringBuilder.class, shell.eval("new StringBuilder(\"x\")"));
  }

  @Test
  void eval_statementsAndDeclarationsHaveNoValue() {
    assertEquals(JShellEvaluator.NO_VALUE, shell.eval("int unused = 1;"));
    assertEquals(JShellEvaluator.NO_VALUE, shell.eval("System.out.print(\"\");"));
  }

  @Test
  void compileError_reportsJavacMessageAndSpan_andKeepsVariables() {
    shell.eval("int kept = 7;");
    CompilationException e =
        assertThrows(CompilationException.class, () -> shell.eval("int bad = missing + 1;"));
    CompilationException.Problem p = e.problems().get(0);
    assertTrue(p.message().contains("cannot find symbol"), p.message());
    // "int bad = missing + 1;": 'missing' starts at index 10 and ends before index 17
    assertEquals("missing", p.source().substring(p.start(), p.end()));
    assertEquals(7, shell.eval("kept"));
  }

  @Test
  void runtimeException_keepsTheOriginalException_andKeepsVariables() {
    shell.eval("int kept2 = 8;");
    UserCodeException e =
        assertThrows(
            UserCodeException.class,
            () -> shell.eval("throw new IllegalStateException(\"boom\");"));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals("boom", e.getCause().getMessage());
    assertEquals(8, shell.eval("kept2"));
  }

  @Test
  void interrupt_stopsALoopThatNeverChecksTheFlag_andKeepsVariables() throws Exception {
    shell.eval("long spins = 0;");
    System.clearProperty("lab.test.spinning");
    CompletableFuture<Object> running =
        CompletableFuture.supplyAsync(
            () ->
                shell.eval(
                    "{ System.setProperty(\"lab.test.spinning\", \"yes\"); while (true) { spins++; } }"));
    while (System.getProperty("lab.test.spinning") == null) {
      Thread.sleep(20); // wait until the loop runs (compiling may take a while on a busy machine)
    }
    Thread.sleep(200);
    shell.interrupt(200);
    Exception e = assertThrows(Exception.class, () -> running.get(30, TimeUnit.SECONDS));
    assertInstanceOf(EvaluationInterruptedException.class, e.getCause());
    assertEquals(true, shell.eval("spins > 0"));
    assertEquals(2, shell.eval("1 + 1")); // a fresh cell thread runs the next cell
  }

  @Test
  void interrupt_endsALoopWrittenInTheCell_byItsWovenCheck() throws Exception {
    // A grace period longer than the wait below: only the stop check woven into the cell's
    // backward jumps can end the loop in time, on every JDK (no Thread.stop involved).
    System.clearProperty("lab.test.looping");
    CompletableFuture<Object> running =
        CompletableFuture.supplyAsync(
            () ->
                shell.eval(
                    "System.setProperty(\"lab.test.looping\", \"yes\"); long n = 0;"
                        + " for (int i = 0; i >= 0; i = (i + 1) % 1000) { n += i; }"));
    while (System.getProperty("lab.test.looping") == null) {
      Thread.sleep(20);
    }
    shell.interrupt(600_000);
    Exception e = assertThrows(Exception.class, () -> running.get(30, TimeUnit.SECONDS));
    assertInstanceOf(EvaluationInterruptedException.class, e.getCause());
    assertEquals(3, shell.eval("1 + 2"));
  }

  @Test
  void interrupt_endsACellStuckInCodeThatNeverChecks() throws Exception {
    // LongStream.sum loops inside the JDK: no woven check, no interrupt check. JDK 17-19 stop
    // the thread; JDK 20+ leave it behind and answer, and the next cell runs on a fresh thread.
    System.clearProperty("lab.test.summing");
    CompletableFuture<Object> running =
        CompletableFuture.supplyAsync(
            () ->
                shell.eval(
                    "System.setProperty(\"lab.test.summing\", \"yes\");"
                        + " java.util.stream.LongStream.range(0, 20_000_000_000L).sum()"));
    while (System.getProperty("lab.test.summing") == null) {
      Thread.sleep(20);
    }
    Thread.sleep(100);
    shell.interrupt(200);
    Exception e = assertThrows(Exception.class, () -> running.get(30, TimeUnit.SECONDS));
    assertInstanceOf(EvaluationInterruptedException.class, e.getCause());
    assertEquals(4, shell.eval("2 + 2"));
  }

  @Test
  void interrupt_wakesASleepingCell() throws Exception {
    System.clearProperty("lab.test.sleeping");
    CompletableFuture<Object> running =
        CompletableFuture.supplyAsync(
            () ->
                shell.eval(
                    "System.setProperty(\"lab.test.sleeping\", \"yes\"); Thread.sleep(600_000);"));
    while (System.getProperty("lab.test.sleeping") == null) {
      Thread.sleep(20); // wait until the cell runs (compiling may take a while on a busy machine)
    }
    Thread.sleep(100);
    shell.interrupt(5_000);
    Exception e = assertThrows(Exception.class, () -> running.get(30, TimeUnit.SECONDS));
    assertInstanceOf(EvaluationInterruptedException.class, e.getCause());
  }

  @Test
  void isComplete_tellsCompleteIncompleteAndInvalid() {
    assertEquals(JShellEvaluator.CellCompleteness.COMPLETE, shell.isComplete("1 + 1"));
    assertEquals(
        JShellEvaluator.CellCompleteness.INCOMPLETE,
        shell.isComplete("for (int i = 0; i < 3; i++) {"));
    assertEquals(JShellEvaluator.CellCompleteness.INVALID, shell.isComplete("int x = ;"));
  }

  @Test
  void complete_offersMembers() {
    // "Math.ab" with the cursor at the end (7): candidates replace from index 5
    JShellEvaluator.Completions c = shell.complete("Math.ab", 7);
    assertEquals(5, c.start());
    assertTrue(c.candidates().contains("abs("), c.candidates().toString());
  }

  @Test
  void documentation_ofABareMethodNameListsItsSignatures() {
    String doc = shell.documentation("Math.max", 8, false);
    assertTrue(doc != null && doc.contains("Math.max(int a, int b)"), doc);
  }
}
