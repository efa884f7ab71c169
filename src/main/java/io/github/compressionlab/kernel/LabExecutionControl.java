package io.github.compressionlab.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jshell.execution.LocalExecutionControl;

/**
 * Runs JShell snippets in this JVM on one dedicated cell thread, keeps each snippet's value as a
 * real object (JShell only sees a key), and can stop a running cell.
 *
 * <p>Stopping is two-step because Java 17 code only notices {@link Thread#interrupt()} where it
 * checks for it: {@link #interrupt(long)} first interrupts the cell thread, then, if the cell is
 * still running after the grace period, calls {@link Thread#stop()} (deprecated, still effective on
 * 17). The cell thread is replaced after a stop, so no half-unwound state carries over.
 */
final class LabExecutionControl extends LocalExecutionControl {

  private static final String KEY_PREFIX = "lab-value-";

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
    cellActive = true;
  }

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
   * Interrupts the running cell; if it has not finished after {@code graceMillis}, stops its
   * thread.
   */
  @SuppressWarnings("removal")
  void interrupt(long graceMillis) {
    if (!cellActive) {
      return;
    }
    interrupted = true; // a snippet not yet started will not run
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
                  thread.stop();
                }
              }
            },
            "lab-interrupt-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
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
    // Wait for the task; if its thread was stopped outside the task, report the stop.
    while (true) {
      try {
        task.get(200, TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        return; // reported by the caller through task.get()
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
