package io.github.compressionlab.kernel;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jshell.execution.DirectExecutionControl;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Runs JShell snippets in this JVM on one dedicated cell thread, keeps each snippet's value as a
 * real object (JShell only sees a key), and can stop a running cell on every JDK the lab accepts
 * (17 and later).
 *
 * <p>Stopping is cooperative first, forced only where the JDK still allows it:
 *
 * <ol>
 *   <li>Every snippet class is woven, as it is loaded, with a call to a stop check at the start of
 *       each method and before each backward jump (the scheme JDK 20's own {@code
 *       LocalExecutionControl} adopted when {@link Thread#stop()} went away): a loop written in a
 *       cell ends at its next iteration once {@link #interrupt(long)} raises the flag, wherever it
 *       is and whatever it calls.
 *   <li>{@link #interrupt(long)} also calls {@link Thread#interrupt()}, which ends sleeps, waits
 *       and the lab's own long loops (training batches, latency repeats) that check for it.
 *   <li>If the cell still runs after the grace period (stuck inside library or native code that
 *       never checks), JDK 17 to 19 stop its thread with {@link Thread#stop()}; on JDK 20 and later
 *       that method throws, so the thread is abandoned instead: the cell is reported as
 *       interrupted, the next cell runs on a fresh thread, and the message says the runaway work
 *       ends with a kernel restart.
 * </ol>
 *
 * <p>It extends {@link DirectExecutionControl}, not {@code LocalExecutionControl}: on JDK 20 and
 * later the latter weaves its own stop checks into snippets and defines their target only in its
 * own {@code invoke}, which this class replaces to run cells on its long-lived thread.
 */
final class LabExecutionControl extends DirectExecutionControl {

  private static final String KEY_PREFIX = "lab-value-";

  /** The class the woven checks call, defined in JShell's own class loader (per evaluator). */
  private static final String STOP_CLASS = "REPL.$LabStop$";

  private static final String STOP_INTERNAL = STOP_CLASS.replace('.', '/');

  /** Whether {@link Thread#stop()} still works: it throws from JDK 20 on. */
  private static final boolean THREAD_STOP_WORKS = Runtime.version().feature() < 20;

  private volatile Field stopFlag; // STOP_CLASS's static boolean, once defined

  private final Map<String, Object> values = new ConcurrentHashMap<>();
  private final AtomicLong nextKey = new AtomicLong();
  private volatile Thread cellThread;
  private volatile FutureTask<Object> running;
  private volatile boolean interrupted;
  private volatile boolean cellActive;
  private volatile Throwable lastUserException;

  /** The value stored under a key that JShell reported as a snippet's value, or null. */
  Object takeValue(String key) {
    return key == null ? null : values.remove(key);
  }

  boolean isValueKey(String s) {
    return s != null && s.startsWith(KEY_PREFIX);
  }

  void clearValues() {
    values.clear();
  }

  /** The exception thrown by user code in the last snippet, with its real stack trace. */
  Throwable takeUserException() {
    Throwable t = lastUserException;
    lastUserException = null;
    return t;
  }

  /** True once if the running cell was interrupted since the last call. */
  boolean takeInterrupted() {
    boolean was = interrupted;
    interrupted = false;
    return was;
  }

  /** A cell starts: interrupts from now on apply to it, even while JShell is still compiling. */
  void beginCell() {
    interrupted = false;
    abandoned = false;
    setStopFlag(false);
    cellActive = true;
  }

  /** True once if the last interrupted cell could not be stopped and was left running. */
  boolean takeAbandoned() {
    boolean was = abandoned;
    abandoned = false;
    return was;
  }

  private volatile boolean abandoned;

  // ---------------------------------------------------------------- weaving the stop checks

  @Override
  public void load(ClassBytecodes[] cbcs)
      throws ClassInstallException, NotImplementedException, EngineTerminationException {
    if (stopFlag == null) {
      super.load(new ClassBytecodes[] {new ClassBytecodes(STOP_CLASS, stopClass())});
      try {
        stopFlag = findClass(STOP_CLASS).getField("stop");
      } catch (ReflectiveOperationException e) {
        throw new EngineTerminationException("cannot define the cell stop check: " + e);
      }
    }
    ClassBytecodes[] woven = new ClassBytecodes[cbcs.length];
    for (int i = 0; i < cbcs.length; i++) {
      woven[i] = new ClassBytecodes(cbcs[i].name(), weave(cbcs[i].bytecodes()));
    }
    super.load(woven);
  }

  private void setStopFlag(boolean value) {
    Field f = stopFlag;
    if (f != null) {
      try {
        f.setBoolean(null, value);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("the cell stop check is not accessible", e);
      }
    }
  }

  /**
   * {@code public final class REPL.$LabStop$ { public static volatile boolean stop; public static
   * void check() { if (stop) throw new ThreadDeath(); } }}: one volatile read per loop iteration
   * while the flag is down.
   */
  static byte[] stopClass() {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    cw.visit(
        Opcodes.V17,
        Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
        STOP_INTERNAL,
        null,
        "java/lang/Object",
        null);
    cw.visitField(
            Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE, "stop", "Z", null, null)
        .visitEnd();
    MethodVisitor m =
        cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "check", "()V", null, null);
    m.visitCode();
    Label go = new Label();
    m.visitFieldInsn(Opcodes.GETSTATIC, STOP_INTERNAL, "stop", "Z");
    m.visitJumpInsn(Opcodes.IFEQ, go);
    // ThreadDeath: what Thread.stop() threw, so code that lets it pass lets this pass too
    m.visitTypeInsn(Opcodes.NEW, "java/lang/ThreadDeath");
    m.visitInsn(Opcodes.DUP);
    m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/ThreadDeath", "<init>", "()V", false);
    m.visitInsn(Opcodes.ATHROW);
    m.visitLabel(go);
    m.visitInsn(Opcodes.RETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  /**
   * A snippet class with a stop check at the start of every method and before every backward jump.
   * A class ASM cannot read (a newer class-file version) is loaded as it is: its cell then stops
   * only cooperatively.
   */
  static byte[] weave(byte[] classFile) {
    try {
      ClassReader reader = new ClassReader(classFile);
      // a call taking and leaving nothing on the stack changes no frame and no maximum
      ClassWriter writer = new ClassWriter(reader, 0);
      reader.accept(
          new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(
                int access, String name, String desc, String signature, String[] exceptions) {
              MethodVisitor mv = super.visitMethod(access, name, desc, signature, exceptions);
              return (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0
                  ? mv
                  : new StopCheckWeaver(mv);
            }
          },
          0);
      return writer.toByteArray();
    } catch (RuntimeException unreadable) {
      return classFile;
    }
  }

  /** Inserts {@code REPL.$LabStop$.check()} at method start and before backward jumps. */
  private static final class StopCheckWeaver extends MethodVisitor {
    private final Set<Label> seen = new HashSet<>();

    StopCheckWeaver(MethodVisitor mv) {
      super(Opcodes.ASM9, mv);
    }

    @Override
    public void visitCode() {
      super.visitCode();
      check();
    }

    @Override
    public void visitLabel(Label label) {
      seen.add(label);
      super.visitLabel(label);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      if (seen.contains(label)) {
        check();
      }
      super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
      if (seen.contains(dflt) || Arrays.stream(labels).anyMatch(seen::contains)) {
        check();
      }
      super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
      if (seen.contains(dflt) || Arrays.stream(labels).anyMatch(seen::contains)) {
        check();
      }
      super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    private void check() {
      super.visitMethodInsn(Opcodes.INVOKESTATIC, STOP_INTERNAL, "check", "()V", false);
    }
  }

  // ---------------------------------------------------------------- running and stopping

  void endCell() {
    cellActive = false;
  }

  @Override
  protected String invoke(Method doitMethod) throws Exception {
    if (interrupted) {
      throw new StoppedException(); // the rest of an interrupted cell does not run
    }
    // Libraries that look up classes or services through the context class loader must see
    // what %maven and %jars added, which only JShell's loader (the snippet's) knows.
    ClassLoader snippetLoader = doitMethod.getDeclaringClass().getClassLoader();
    FutureTask<Object> task =
        new FutureTask<>(
            () -> {
              Thread.currentThread().setContextClassLoader(snippetLoader);
              return doitMethod.invoke(null);
            });
    running = task;
    try {
      runOnCellThread(task);
      Object value = task.get();
      return store(value);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (interrupted) {
        throw new StoppedException();
      }
      if (cause instanceof InvocationTargetException ite && ite.getCause() != null) {
        lastUserException = ite.getCause();
        throw ite;
      }
      throw e;
    } finally {
      running = null;
    }
  }

  @Override
  public String varValue(String className, String varName)
      throws RunException, EngineTerminationException, InternalException {
    try {
      var field = findClass(className).getDeclaredField(varName);
      field.setAccessible(true);
      return store(field.get(null));
    } catch (ReflectiveOperationException e) {
      throw new InternalException(e.toString());
    }
  }

  @Override
  public void stop() {
    interrupt(1000);
  }

  /**
   * Interrupts the running cell: raises the woven checks' flag and interrupts the cell thread; if
   * the cell has not finished after {@code graceMillis}, stops its thread (JDK 17 to 19) or
   * abandons it (JDK 20 and later, see the class comment).
   */
  void interrupt(long graceMillis) {
    if (!cellActive) {
      return;
    }
    interrupted = true; // a snippet not yet started will not run
    setStopFlag(true);
    FutureTask<Object> task = running;
    Thread thread = cellThread;
    if (task == null || thread == null) {
      return;
    }
    thread.interrupt();
    Thread watchdog =
        new Thread(
            () -> {
              try {
                task.get(graceMillis, TimeUnit.MILLISECONDS);
              } catch (Exception notDoneInTime) {
                if (!task.isDone() && cellThread == thread) {
                  cellThread = null; // a fresh thread runs the next cell
                  ((CellThread) thread).retire();
                  force(thread, task);
                }
              }
            },
            "lab-interrupt-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** The last resort for a cell deaf to every check. */
  @SuppressWarnings({"removal", "deprecation"})
  private void force(Thread thread, FutureTask<Object> task) {
    if (THREAD_STOP_WORKS) {
      thread.stop();
    } else {
      // The thread cannot be stopped from outside any more; let the kernel answer and move on.
      abandoned = true;
      task.cancel(false);
    }
  }

  private String store(Object value) {
    if (value == null) {
      return "null"; // JShell needs a string; only keys are looked up
    }
    String key = KEY_PREFIX + nextKey.incrementAndGet();
    values.put(key, value);
    return key;
  }

  /** Hands the task to the cell thread (started on first use or after a stop) and waits. */
  private void runOnCellThread(FutureTask<Object> task)
      throws InterruptedException, StoppedException {
    CellThread t = (CellThread) cellThread;
    if (t == null || !t.isAlive()) {
      t = new CellThread();
      cellThread = t;
      t.start();
    }
    t.submit(task);
    // Wait for the task; if its thread was stopped or abandoned, report the stop.
    while (true) {
      try {
        task.get(200, TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        return; // reported by the caller through task.get()
      } catch (java.util.concurrent.CancellationException e) {
        throw new StoppedException(); // abandoned: it runs on, detached from this cell
      } catch (TimeoutException e) {
        if (!t.isAlive() && !task.isDone()) {
          throw new StoppedException();
        }
      }
    }
  }

  /** One long-lived thread so thread-locals (ND4J's among them) survive from cell to cell. */
  private static final class CellThread extends Thread {
    private final SynchronousQueue<Runnable> queue = new SynchronousQueue<>();
    private volatile boolean retired;

    CellThread() {
      super("lab-cell");
      setDaemon(true);
      setContextClassLoader(LabExecutionControl.class.getClassLoader());
    }

    void retire() {
      retired = true;
    }

    void submit(Runnable r) throws InterruptedException {
      queue.put(r);
    }

    @Override
    public void run() {
      while (!retired) {
        try {
          Runnable r = queue.take();
          Thread.interrupted(); // a late interrupt of the previous cell must not hit this one
          r.run();
          Thread.interrupted();
        } catch (InterruptedException e) {
          // an interrupt that arrived between cells; keep serving
        } catch (ThreadDeath e) {
          return; // stopped: the control starts a fresh thread for the next cell
        }
      }
    }
  }
}
