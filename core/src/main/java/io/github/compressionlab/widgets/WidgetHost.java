package io.github.compressionlab.widgets;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * What the environment running the widgets provides: the comm channel to the front ends, rendering
 * of values as a cell would show them, output capture, and a way to run callbacks while no cell
 * runs. A Jupyter kernel implements it; {@link WidgetRuntime#install} makes it current.
 *
 * <p>Call order: {@link WidgetRuntime#install} once; then, any number of times and from any thread,
 * {@link #open} for a widget before any {@link #send} for it, and {@link #close} last. The host
 * calls {@link WidgetRuntime#receive} for every message a front end sends to an open widget's comm
 * and {@link WidgetRuntime#frontendClosed} when a front end closes one.
 *
 * <p>{@code origin} is the value the host passed to {@link WidgetRuntime#receive} for the message
 * that caused a send (the host makes it the reply's parent), or null for a send caused by a cell
 * (the host uses the running cell's request).
 */
public interface WidgetHost {

  /** True when front ends can be reached; if false, widgets never open comms. */
  boolean connected();

  /**
   * Opens the front-end model: a {@code comm_open} on target {@code jupyter.widget} with {@code
   * data} ({@code {state, buffer_paths}}), metadata {@code {version: "2.1.0"}} and the buffers.
   */
  void open(String modelId, JsonObject data, List<byte[]> buffers, Object origin);

  /** Sends a {@code comm_msg} with {@code data} and the buffers on the widget's comm. */
  void send(String modelId, JsonObject data, List<byte[]> buffers, Object origin);

  /** Closes the widget's comm ({@code comm_close}). */
  void close(String modelId, Object origin);

  /** {@code value} rendered as a cell shows it. */
  MimeBundle render(Object value);

  /**
   * Runs {@code task} on the calling thread while no cell runs (a kernel holds off execute requests
   * until it returns).
   */
  void runExclusive(Runnable task);

  /**
   * Sends the calling thread's {@code System.out}, {@code System.err} and displays to {@code sink}
   * until the returned capture is closed. Captures nest.
   */
  Capture capture(OutputSink sink);

  /** {@code error} as the host shows a failed cell. */
  ErrorOutput describe(Throwable error);

  /** Writes one line to the host's log (a kernel's stderr, which the Jupyter server logs). */
  void log(String line);

  /**
   * A callback (a listener, a click, a re-run) threw {@code error} outside any capturing output.
   * The host logs it; a kernel also shows it to the front end that caused it ({@code origin}), as
   * ipykernel does with errors in comm handlers (JupyterLab's log console shows them).
   */
  default void callbackFailed(ErrorOutput error, Object origin) {
    log("widget callback failed: " + String.join("\n", error.traceback()));
  }

  /** An active capture; closing it restores the previous streams. */
  interface Capture extends AutoCloseable {
    @Override
    void close();
  }
}
