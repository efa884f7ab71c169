package io.github.compressionlab.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The live widgets and their traffic: what a {@link WidgetHost} calls when a front end speaks, and
 * the one callback thread on which listeners, clicks and re-runs execute.
 *
 * <p>Front-end messages are applied on the thread that receives them (a kernel's shell thread):
 * checked, applied and echoed at once, so that state stays in step even while callbacks are queued.
 * Callbacks then run one at a time on the callback thread inside {@link WidgetHost#runExclusive},
 * so never alongside a cell. A re-run requested while one is pending is merged into it ({@link
 * #callbackLatest}): a slider dragged through twenty values re-runs the function for the latest
 * value, not twenty times.
 *
 * <p>Nothing here throws into the host: a malformed message is logged and leaves every value as it
 * was.
 */
public final class WidgetRuntime {

  private static volatile WidgetRuntime current = new WidgetRuntime(new StandaloneHost());

  private static final ThreadLocal<Object> ORIGIN = new ThreadLocal<>();

  private final WidgetHost host;
  private final Map<String, Widget> live = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<Object, Object[]> pending = new HashMap<>();
  private final ThreadPoolExecutor callbacks;
  private final ScheduledExecutorService timer;
  private volatile Thread runningCallback;

  /** Front-end messages whose handling threw (each a bug the checks missed; logged too). */
  private final java.util.concurrent.atomic.AtomicLong failures =
      new java.util.concurrent.atomic.AtomicLong();

  /** Bumped by an interrupt: callbacks queued before it are skipped. */
  private volatile long generation;

  private WidgetRuntime(WidgetHost host) {
    this.host = host;
    this.callbacks =
        new ThreadPoolExecutor(
            1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), daemon("lab-widgets"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("lab-widgets-flush"));
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Makes {@code host} the current host; widgets created before keep working but stay closed. */
  public static synchronized WidgetRuntime install(WidgetHost host) {
    WidgetRuntime old = current;
    current = new WidgetRuntime(host);
    old.stop();
    return current;
  }

  /** Goes back to no host (widgets become plain objects), if {@code runtime} is still current. */
  public static synchronized void uninstall(WidgetRuntime runtime) {
    if (current == runtime) {
      current = new WidgetRuntime(new StandaloneHost());
      runtime.stop();
    }
  }

  public static WidgetRuntime current() {
    return current;
  }

  public WidgetHost host() {
    return host;
  }

  /**
   * How many front-end messages so far threw past their checks (caught, logged as {@code "widget
   * message failed"}, values left as they were): zero unless there is a bug.
   */
  public long messageFailures() {
    return failures.get();
  }

  /** Lets queued callbacks finish, then ends the threads. */
  private void stop() {
    callbacks.shutdown();
    timer.shutdown();
  }

  // ------------------------------------------------------------------ the host calls these

  /**
   * A message a front end sent to widget {@code modelId}: {@code update}, {@code request_state} or
   * {@code custom}. {@code origin} is the host's handle on the message; replies carry it back.
   */
  public void receive(String modelId, JsonObject data, List<byte[]> buffers, Object origin) {
    Object before = ORIGIN.get();
    ORIGIN.set(origin);
    try {
      Widget w = live.get(modelId);
      if (w == null) {
        log("comm_msg for unknown widget " + modelId + ": ignored");
        return;
      }
      if (data == null) {
        log(w + ": comm_msg without data: ignored");
        return;
      }
      String method = string(data, "method");
      if (method == null) {
        log(w + ": comm_msg without a method: ignored");
        return;
      }
      switch (method) {
        case "update" -> {
          JsonElement state = data.get("state");
          if (state == null || !state.isJsonObject()) {
            log(w + ": update without a state object: ignored");
            return;
          }
          Map<String, byte[]> binary = binary(w, data, buffers);
          if (binary != null) {
            w.receiveUpdate(state.getAsJsonObject(), binary, origin);
          }
        }
        case "request_state" -> w.sendFullState();
        case "custom" -> w.receiveCustom(data.get("content"), buffers, origin);
        default -> log(w + ": unknown method '" + method + "': ignored");
      }
    } catch (RuntimeException | Error e) {
      failures.incrementAndGet();
      log("widget message failed: " + e);
    } finally {
      ORIGIN.set(before);
    }
  }

  /**
   * Binary attributes of an update from its buffer paths, or null (logged) if they do not match the
   * buffers. Only top-level paths name attributes.
   */
  private Map<String, byte[]> binary(Widget w, JsonObject data, List<byte[]> buffers) {
    JsonElement paths = data.get("buffer_paths");
    Map<String, byte[]> out = new LinkedHashMap<>();
    if (paths == null || paths.isJsonNull()) {
      return out;
    }
    List<byte[]> bufs = buffers == null ? List.of() : buffers;
    if (!paths.isJsonArray() || paths.getAsJsonArray().size() > bufs.size()) {
      log(w + ": update whose buffer_paths do not match its " + bufs.size() + " buffers: ignored");
      return null;
    }
    JsonArray a = paths.getAsJsonArray();
    for (int i = 0; i < a.size(); i++) {
      JsonElement p = a.get(i);
      if (!p.isJsonArray()
          || p.getAsJsonArray().size() != 1
          || !p.getAsJsonArray().get(0).isJsonPrimitive()) {
        log(w + ": update with an unsupported buffer path " + p + ": ignored");
        return null;
      }
      out.put(p.getAsJsonArray().get(0).getAsString(), bufs.get(i));
    }
    return out;
  }

  /**
   * Opens {@code widget} (and the widgets it refers to) for the front ends, as displaying it does;
   * true if it is open, false if no front end can be reached.
   */
  public boolean open(Widget widget) {
    widget.ensureOpen();
    return widget.isOpen();
  }

  /** The front end closed widget {@code modelId}'s comm. */
  public void frontendClosed(String modelId) {
    Widget w = live.remove(modelId);
    if (w != null) {
      w.frontendClosed();
    }
  }

  /**
   * A message on the {@code jupyter.widget.control} comm: {@code request_states} is answered with
   * {@code update_states}; anything else is logged and answered with null.
   */
  public WireMessage receiveControl(JsonObject data) {
    String method = data == null ? null : string(data, "method");
    if (!"request_states".equals(method)) {
      log("control comm: unknown method '" + method + "': ignored");
      return null;
    }
    return updateStates();
  }

  /**
   * {@code update_states}: every open widget's full state, keyed by model id, as ipywidgets sends
   * it ({@code {model_name, model_module, model_module_version, state}} per widget).
   */
  public WireMessage updateStates() {
    JsonObject states = new JsonObject();
    JsonArray paths = new JsonArray();
    List<byte[]> buffers = new ArrayList<>();
    for (Widget w : liveWidgets()) {
      Widget.WireState wire = w.fullState();
      JsonObject entry = new JsonObject();
      entry.add("model_name", wire.state.get("_model_name"));
      entry.add("model_module", wire.state.get("_model_module"));
      entry.add("model_module_version", wire.state.get("_model_module_version"));
      entry.add("state", wire.state);
      states.add(w.modelId(), entry);
      paths.addAll(wire.paths(List.of(w.modelId(), "state")));
      buffers.addAll(wire.buffers);
    }
    JsonObject data = new JsonObject();
    data.addProperty("method", "update_states");
    data.add("states", states);
    data.add("buffer_paths", paths);
    return new WireMessage(data, buffers);
  }

  /**
   * Stops the running callback: interrupts it, and if it still runs after {@code graceMillis} stops
   * its thread (a fresh one takes over). Queued callbacks are dropped.
   */
  @SuppressWarnings({"deprecation", "removal"})
  public void interruptCallbacks(long graceMillis) {
    generation++; // queued callbacks are skipped; other queued tasks (waits) still run
    synchronized (pending) {
      pending.clear();
    }
    Thread t = runningCallback;
    if (t == null) {
      return;
    }
    t.interrupt();
    long deadline = System.nanoTime() + graceMillis * 1_000_000;
    while (runningCallback == t && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (runningCallback == t) {
      t.stop();
    }
  }

  /** A message for a host to send: comm data and its binary buffers. */
  public record WireMessage(JsonObject data, List<byte[]> buffers) {}

  // ------------------------------------------------------------------ widgets call these

  List<Widget> liveWidgets() {
    synchronized (live) {
      return new ArrayList<>(live.values());
    }
  }

  void opened(Widget w, Widget.WireState wire) {
    live.put(w.modelId(), w);
    JsonObject data = new JsonObject();
    data.add("state", wire.state);
    data.add("buffer_paths", wire.paths());
    host.open(w.modelId(), data, wire.buffers, ORIGIN.get());
  }

  void send(Widget w, JsonObject data, List<byte[]> buffers) {
    host.send(w.modelId(), data, buffers, ORIGIN.get());
  }

  void closed(Widget w) {
    live.remove(w.modelId());
    host.close(w.modelId(), ORIGIN.get());
  }

  void log(String line) {
    host.log(line);
  }

  /**
   * Waits until the callbacks queued so far, and those they queue, have run; false if {@code
   * timeoutMillis} passed first or the wait was interrupted. A kernel calls it before each cell, so
   * a cell sees what the listeners of earlier front-end changes did (as in ipykernel, where comm
   * handlers run before the next cell). Returns at once on the callback thread itself.
   */
  public boolean awaitCallbacks(long timeoutMillis) {
    if (Thread.currentThread() == runningCallback) {
      return true;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    try {
      for (int idle = 0; idle < 2; ) {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        callbacks.execute(done::countDown);
        while (!done.await(50, TimeUnit.MILLISECONDS)) {
          if (callbacks.isTerminated() || deadline - System.nanoTime() <= 0) {
            return callbacks.isTerminated();
          }
        }
        idle = callbacks.getQueue().isEmpty() && callbacks.getActiveCount() <= 1 ? idle + 1 : 0;
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return true; // shut down: nothing will run any more
    }
  }

  /** Runs {@code task} on the callback thread, after the callbacks queued before it. */
  void callback(Object origin, Runnable task) {
    long gen = generation;
    callbacks.execute(() -> runCallback(gen, origin, task));
  }

  /**
   * Runs {@code task} on the callback thread unless a run for {@code key} is already waiting: then
   * that one runs (once, for the latest {@code origin}) and this request is merged into it.
   */
  void callbackLatest(Object key, Object origin, Runnable task) {
    Object[] slot;
    synchronized (pending) {
      slot = pending.get(key);
      if (slot != null) {
        slot[0] = origin;
        return;
      }
      slot = new Object[] {origin};
      pending.put(key, slot);
    }
    Object[] mine = slot;
    long gen = generation;
    callbacks.execute(
        () -> {
          Object o;
          synchronized (pending) {
            pending.remove(key, mine);
            o = mine[0];
          }
          runCallback(gen, o, task);
        });
  }

  /** Runs {@code action}; a checked exception comes out wrapped in a RuntimeException. */
  static void run(Action action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  /** The origin the current thread's sends carry (null in a cell). */
  static Object origin() {
    return ORIGIN.get();
  }

  /** Runs {@code task} after {@code delayMillis} on a timer thread, with the caller's origin. */
  void later(long delayMillis, Runnable task) {
    Object origin = ORIGIN.get();
    timer.schedule(
        () -> {
          ORIGIN.set(origin);
          try {
            task.run();
          } catch (RuntimeException e) {
            log("widget timer task failed: " + e);
          } finally {
            ORIGIN.remove();
          }
        },
        delayMillis,
        TimeUnit.MILLISECONDS);
  }

  private void runCallback(long gen, Object origin, Runnable task) {
    if (gen != generation) {
      return; // interrupted before it started
    }
    host.runExclusive(
        () -> {
          ORIGIN.set(origin);
          runningCallback = Thread.currentThread();
          try {
            task.run();
          } catch (RuntimeException | Error e) {
            if (e instanceof ThreadDeath) {
              throw e;
            }
            host.callbackFailed(host.describe(e), origin);
          } finally {
            runningCallback = null;
            ORIGIN.remove();
            Thread.interrupted(); // an interrupt meant for this callback ends with it
          }
        });
  }

  private static String string(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()
        ? e.getAsString()
        : null;
  }
}
