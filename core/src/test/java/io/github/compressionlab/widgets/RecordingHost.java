package io.github.compressionlab.widgets;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A front end in a test: a connected host that records every comm message the widgets send and
 * every log line, renders values as text, and runs callbacks at once. {@link #install()} makes it
 * current; {@link #close()} restores the standalone host.
 */
final class RecordingHost implements WidgetHost, AutoCloseable {

  /** One comm message: "open", "msg" or "close", with its data, buffers and origin. */
  record Sent(String kind, String modelId, JsonObject data, List<byte[]> buffers, Object origin) {
    String method() {
      return data != null && data.has("method") ? data.get("method").getAsString() : null;
    }

    JsonObject state() {
      return data.getAsJsonObject("state");
    }
  }

  final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private WidgetRuntime runtime;

  WidgetRuntime install() {
    runtime = WidgetRuntime.install(this);
    return runtime;
  }

  WidgetRuntime runtime() {
    return runtime;
  }

  @Override
  public void close() {
    WidgetRuntime.uninstall(runtime);
  }

  /** Messages of {@code kind} to {@code w}, oldest first. */
  List<Sent> to(Widget w, String kind) {
    synchronized (sent) {
      return sent.stream()
          .filter(s -> s.modelId.equals(w.modelId()) && s.kind.equals(kind))
          .toList();
    }
  }

  /** The last comm_msg with {@code method} to {@code w}, or null. */
  Sent last(Widget w, String method) {
    List<Sent> m = to(w, "msg").stream().filter(s -> method.equals(s.method())).toList();
    return m.isEmpty() ? null : m.get(m.size() - 1);
  }

  void clear() {
    sent.clear();
    log.clear();
  }

  /** A front end's update of {@code w}: {@code {"method": "update", "state": state}}. */
  void update(Widget w, String stateJson, Object origin) {
    JsonObject data = new JsonObject();
    data.addProperty("method", "update");
    data.add("state", com.google.gson.JsonParser.parseString(stateJson));
    runtime.receive(w.modelId(), data, List.of(), origin);
  }

  void awaitCallbacks() throws InterruptedException {
    if (!runtime.awaitCallbacks(30_000)) {
      throw new IllegalStateException("widget callbacks still running after 30 s");
    }
  }

  @Override
  public boolean connected() {
    return true;
  }

  @Override
  public void open(String modelId, JsonObject data, List<byte[]> buffers, Object origin) {
    sent.add(new Sent("open", modelId, data, List.copyOf(buffers), origin));
  }

  @Override
  public void send(String modelId, JsonObject data, List<byte[]> buffers, Object origin) {
    sent.add(new Sent("msg", modelId, data, List.copyOf(buffers), origin));
  }

  @Override
  public void close(String modelId, Object origin) {
    sent.add(new Sent("close", modelId, null, List.of(), origin));
  }

  @Override
  public MimeBundle render(Object value) {
    return new StandaloneHost().render(value);
  }

  @Override
  public void runExclusive(Runnable task) {
    synchronized (this) {
      task.run();
    }
  }

  @Override
  public Capture capture(OutputSink sink) {
    return StreamCapture.start(sink);
  }

  @Override
  public ErrorOutput describe(Throwable error) {
    return new ErrorOutput(
        error.getClass().getSimpleName(), error.getMessage(), List.of(error.toString()));
  }

  @Override
  public void log(String line) {
    log.add(line);
  }
}
