package io.github.compressionlab.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An output area (ipywidgets' {@code Output}) that callbacks write into: what code run by {@link
 * #run} or wrapped by {@link #capturing} prints, displays or throws appears here, rendered exactly
 * as in a cell (charts as PNG, tables as HTML).
 *
 * <pre>{@code
 * var log = new Output();
 * button.onClick(log.capturing(() -> System.out.println("clicked at " + java.time.LocalTime.now())));
 * }</pre>
 *
 * <p>The kernel sets the {@code outputs} attribute itself rather than routing messages through
 * {@code msg_id}: that works for every front end, for callbacks on any thread, and leaves the
 * outputs in the widget state a saved notebook keeps. Updates are sent at most every {@value
 * #MIN_INTERVAL_MILLIS} ms while code runs, and at once when it ends (so a run shorter than that
 * sends one update, with everything it showed).
 */
public final class Output extends DomWidget<Output> {

  static final long MIN_INTERVAL_MILLIS = 100;

  // msg_id stays empty: the kernel sets outputs directly (see the class comment).
  private final Trait<String> msgId = trait("msg_id", Codec.STRING, "");
  private final Trait<JsonArray> outputs = trait("outputs", Codec.JSON_ARRAY, new JsonArray());
  private final Map<String, Integer> displays = new HashMap<>();
  private boolean clearPending;
  private boolean dirty;
  private boolean flushScheduled;
  private long lastSentNanos;

  private final OutputSink sink =
      new OutputSink() {
        @Override
        public void stream(boolean err, String text) {
          appendStream(err ? "stderr" : "stdout", text);
        }

        @Override
        public void display(MimeBundle bundle, String displayId) {
          appendOutput(bundle.toOutput(), displayId);
        }

        @Override
        public boolean updateDisplay(String displayId, MimeBundle bundle) {
          return replaceDisplay(displayId, bundle);
        }
      };

  public Output() {
    super(
        new ModelSpec(ModelSpec.OUTPUT, "OutputModel", "1.0.0"),
        new ModelSpec(ModelSpec.OUTPUT, "OutputView", "1.0.0"));
  }

  /** Where captured code's prints and displays go. */
  public OutputSink sink() {
    return sink;
  }

  /**
   * Runs {@code action} with its output shown here; an exception it throws is shown here as a cell
   * shows one, and does not propagate.
   */
  public void run(Action action) {
    WidgetHost host = WidgetRuntime.current().host();
    synchronized (this) {
      // a run that ends within the interval sends its outputs once, complete, at its end
      lastSentNanos = System.nanoTime();
    }
    try (WidgetHost.Capture c = host.capture(sink)) {
      action.run();
    } catch (ThreadDeath d) {
      appendOutput(
          new ErrorOutput("Interrupted", "stopped", List.of("Interrupted")).toOutput(), null);
      flush();
      throw d;
    } catch (Throwable t) {
      appendOutput(host.describe(t).toOutput(), null);
    } finally {
      synchronized (this) {
        if (clearPending) {
          clearPending = false;
          doClear();
        }
      }
      flush();
    }
  }

  /** {@code action} made to run as {@link #run} runs it: for {@link Button#onClick}. */
  public Action capturing(Action action) {
    return () -> run(action);
  }

  /** {@code listener} made to run with its output here: for {@link ValueWidget#onChange}. */
  public <T> Consumer<T> capturing(Consumer<T> listener) {
    return v -> run(() -> listener.accept(v));
  }

  /** Removes everything shown. */
  public void clear() {
    clear(false);
  }

  /**
   * Removes everything shown; with {@code wait}, only when the next output arrives (or the running
   * {@link #run} ends), so a re-drawn chart replaces the old one without a blank in between.
   */
  public void clear(boolean wait) {
    synchronized (this) {
      if (wait) {
        clearPending = true;
        return;
      }
      clearPending = false;
      doClear();
    }
    flush();
  }

  /** Shows {@code value} rendered as a cell shows its result. */
  public void append(Object value) {
    appendOutput(WidgetRuntime.current().host().render(value).toOutput(), null);
  }

  /** Appends text as if printed to {@code System.out}. */
  public void appendText(String text) {
    appendStream("stdout", text);
  }

  /** The number of outputs shown. */
  public synchronized int size() {
    return get(outputs).size();
  }

  /** A copy of the outputs in nbformat form (tests and hosts read them). */
  public synchronized JsonArray outputs() {
    return get(outputs).deepCopy();
  }

  // ------------------------------------------------------------------ internals

  private void doClear() {
    get(outputs).asList().clear();
    displays.clear();
    dirty = true;
  }

  private void takePendingClear() {
    if (clearPending) {
      clearPending = false;
      doClear();
    }
  }

  private void appendStream(String name, String text) {
    if (text.isEmpty()) {
      return;
    }
    synchronized (this) {
      takePendingClear();
      JsonArray list = get(outputs);
      JsonObject last = list.isEmpty() ? null : list.get(list.size() - 1).getAsJsonObject();
      if (last != null
          && "stream".equals(last.get("output_type").getAsString())
          && name.equals(last.get("name").getAsString())) {
        last.addProperty("text", last.get("text").getAsString() + text);
      } else {
        JsonObject o = new JsonObject();
        o.addProperty("output_type", "stream");
        o.addProperty("name", name);
        o.addProperty("text", text);
        list.add(o);
      }
      dirty = true;
    }
    changed();
  }

  private void appendOutput(JsonObject output, String displayId) {
    synchronized (this) {
      takePendingClear();
      JsonArray list = get(outputs);
      if (displayId != null) {
        displays.put(displayId, list.size());
      }
      list.add(output);
      dirty = true;
    }
    changed();
  }

  private boolean replaceDisplay(String displayId, MimeBundle bundle) {
    synchronized (this) {
      Integer at = displays.get(displayId);
      if (at == null) {
        return false;
      }
      get(outputs).set(at, bundle.toOutput());
      dirty = true;
    }
    changed();
    return true;
  }

  /** Sends now if the last send is old enough, else once the interval has passed. */
  private void changed() {
    long wait;
    synchronized (this) {
      long since = (System.nanoTime() - lastSentNanos) / 1_000_000;
      if (since >= MIN_INTERVAL_MILLIS) {
        wait = 0;
      } else if (flushScheduled) {
        return;
      } else {
        flushScheduled = true;
        wait = MIN_INTERVAL_MILLIS - since;
      }
    }
    if (wait == 0) {
      flush();
    } else {
      WidgetRuntime.current()
          .later(
              wait,
              () -> {
                synchronized (this) {
                  flushScheduled = false;
                }
                flush();
              });
    }
  }

  /** Sends the outputs if they changed since the last send. */
  void flush() {
    synchronized (this) {
      if (!dirty) {
        return;
      }
      dirty = false;
      lastSentNanos = System.nanoTime();
    }
    sendState("update", List.of(outputs));
  }

  @Override
  void describe(List<String> parts) {
    JsonArray list = outputs();
    List<String> shown = new ArrayList<>();
    for (JsonElement e : list) {
      shown.add(summary(e.getAsJsonObject()));
    }
    parts.add("outputs=" + shown);
  }

  /** One output in a line: a stream's text, a display's text/plain, an error's name. */
  private static String summary(JsonObject o) {
    String type = o.get("output_type").getAsString();
    String s =
        switch (type) {
          case "stream" -> o.get("text").getAsString().strip();
          case "error" -> o.get("ename").getAsString() + ": " + o.get("evalue").getAsString();
          default -> {
            JsonElement t = o.getAsJsonObject("data").get("text/plain");
            yield t == null ? type : t.getAsString();
          }
        };
    s = s.replace('\n', ' ');
    return s.length() > 60 ? s.substring(0, 59) + "…" : s;
  }

  @Override
  public String staticHtml() {
    JsonArray list = outputs();
    if (list.isEmpty()) {
      return null;
    }
    StringBuilder html = new StringBuilder("<div class=\"lab-widget-output\">");
    for (JsonElement e : list) {
      html.append(staticHtml(e.getAsJsonObject()));
    }
    return html.append("</div>").toString();
  }

  /** The richest static form of one output: HTML, else an image, else text. */
  static String staticHtml(JsonObject o) {
    String type = o.get("output_type").getAsString();
    if (type.equals("stream")) {
      return "<pre>" + escapeHtml(o.get("text").getAsString()) + "</pre>";
    }
    if (type.equals("error")) {
      return "<pre>"
          + escapeHtml(o.get("ename").getAsString() + ": " + o.get("evalue").getAsString())
          + "</pre>";
    }
    JsonObject data = o.getAsJsonObject("data");
    if (data.has("text/html")) {
      return data.get("text/html").getAsString();
    }
    for (String img : new String[] {"image/png", "image/jpeg", "image/gif"}) {
      if (data.has(img)) {
        return "<img src=\"data:" + img + ";base64," + data.get(img).getAsString().strip() + "\"/>";
      }
    }
    if (data.has("image/svg+xml")) {
      return data.get("image/svg+xml").getAsString();
    }
    JsonElement t = data.get("text/plain");
    return t == null ? "" : "<pre>" + escapeHtml(t.getAsString()) + "</pre>";
  }
}
