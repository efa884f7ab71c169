package io.github.compressionlab.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A widget model: typed attributes kept in step with the front ends' copy over one comm.
 *
 * <p>Life cycle: created in Java; opened (a {@code comm_open} carrying the full state) the first
 * time it is displayed or referenced by an opened widget; every later change made in Java is sent
 * as an {@code update}; a front end's {@code update} is checked attribute by attribute, applied,
 * echoed ({@code echo_update}) and then the listeners run; {@link #close()} ends it.
 */
public abstract class Widget {

  static final String REFERENCE_PREFIX = "IPY_MODEL_";

  private final String modelId = UUID.randomUUID().toString().replace("-", "");
  private final ModelSpec model;
  private final Map<String, Trait<?>> traits = new LinkedHashMap<>();
  private final Set<Trait<?>> held = new LinkedHashSet<>();
  private int holding;
  private volatile boolean open;
  private volatile boolean closed;

  Widget(ModelSpec model, ModelSpec view) {
    this.model = model;
    constant("_model_module", model.module());
    constant("_model_module_version", model.version());
    constant("_model_name", model.name());
    constant("_view_module", view.module());
    constant("_view_module_version", view.version());
    constant("_view_name", view.name());
    trait("_view_count", Codec.nullable(Codec.INT), null);
  }

  /** The model id: the id of the widget's comm, what a front end's view refers to. */
  public String modelId() {
    return modelId;
  }

  /** The front-end model's name, e.g. {@code FloatSliderModel}. */
  public String modelName() {
    return model.name();
  }

  /** True once the front ends know this widget (it was displayed or referenced). */
  public boolean isOpen() {
    return open;
  }

  /** Closes the widget's comm; front ends remove its views. */
  public void close() {
    boolean wasOpen;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      wasOpen = open;
      open = false;
    }
    if (wasOpen) {
      WidgetRuntime.current().closed(this);
    }
  }

  // ------------------------------------------------------------------ attributes

  final <T> Trait<T> trait(String name, Codec<T> codec, T initial) {
    return add(new Trait<>(name, codec, initial, false, null));
  }

  /** An attribute only Java sets; {@code check} returns why a value is refused, or null. */
  final <T> Trait<T> trait(
      String name, Codec<T> codec, T initial, Function<? super T, String> check) {
    return add(new Trait<>(name, codec, initial, false, check));
  }

  /** An attribute the learner changes in the front end; {@code check} returns why not, or null. */
  final <T> Trait<T> writable(
      String name, Codec<T> codec, T initial, Function<? super T, String> check) {
    return add(new Trait<>(name, codec, initial, true, check));
  }

  private void constant(String name, String value) {
    trait(name, Codec.STRING, value);
  }

  private <T> Trait<T> add(Trait<T> t) {
    traits.put(t.name, t);
    return t;
  }

  final synchronized <T> T get(Trait<T> t) {
    return t.get();
  }

  /**
   * Sets an attribute from Java: checked (an {@link IllegalArgumentException} says why a value is
   * refused), sent if it changed and the widget is open, then the listeners run on this thread.
   */
  final <T> void set(Trait<T> t, T value) {
    String problem = t.problem(value);
    if (problem != null) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + " " + t.name + ": " + problem);
    }
    boolean changed;
    synchronized (this) {
      changed = t.put(value);
      if (changed) {
        held.add(t);
      }
    }
    if (changed) {
      sendHeld();
      t.fire(value);
    }
  }

  /** Runs {@code changes} and sends the attributes they set in one {@code update}. */
  final void batch(Runnable changes) {
    synchronized (this) {
      holding++;
    }
    try {
      changes.run();
    } finally {
      synchronized (this) {
        holding--;
      }
      sendHeld();
    }
  }

  private void sendHeld() {
    List<Trait<?>> toSend;
    synchronized (this) {
      if (holding > 0 || held.isEmpty()) {
        return;
      }
      toSend = new ArrayList<>(held);
      held.clear();
      if (!open) {
        return;
      }
    }
    sendState("update", toSend);
  }

  /** Sends the given attributes' current values as {@code method} ("update", "echo_update"). */
  final void sendState(String method, Collection<Trait<?>> which) {
    WireState wire = new WireState();
    synchronized (this) {
      if (!open) {
        return;
      }
      for (Trait<?> t : which) {
        wire.put(t, t.get());
      }
    }
    wire.openReferences();
    JsonObject data = new JsonObject();
    data.addProperty("method", method);
    data.add("state", wire.state);
    data.add("buffer_paths", wire.paths());
    WidgetRuntime.current().send(this, data, wire.buffers);
  }

  /** Sends every attribute as one {@code update} (the answer to {@code request_state}). */
  final void sendFullState() {
    if (!open) {
      return;
    }
    WireState wire = fullState();
    wire.openReferences();
    JsonObject data = new JsonObject();
    data.addProperty("method", "update");
    data.add("state", wire.state);
    data.add("buffer_paths", wire.paths());
    WidgetRuntime.current().send(this, data, wire.buffers);
  }

  /** Every attribute, for {@code comm_open}, {@code request_state} and {@code update_states}. */
  final WireState fullState() {
    WireState wire = new WireState();
    synchronized (this) {
      for (Trait<?> t : traits.values()) {
        wire.put(t, t.get());
      }
    }
    return wire;
  }

  /** Attribute names in declaration order (tests compare them with the ipywidgets schema). */
  final Set<String> attributeNames() {
    return traits.keySet();
  }

  /** Opens the widget (and first the widgets it refers to) if a front end can be reached. */
  final void ensureOpen() {
    WidgetRuntime rt = WidgetRuntime.current();
    if (!rt.host().connected()) {
      return;
    }
    WireState wire;
    synchronized (this) {
      if (open || closed) {
        return;
      }
      open = true; // before the references, so a cycle cannot recurse for ever
      wire = fullState();
    }
    wire.openReferences();
    rt.opened(this, wire);
  }

  // ------------------------------------------------------------------ from the front end

  /**
   * Applies a front end's {@code update}: each attribute is decoded and checked on its own; a
   * refused one keeps its value, is logged and is echoed with that value so the front end's view
   * snaps back. Listeners of changed attributes run on the callback thread.
   */
  final void receiveUpdate(JsonObject state, Map<String, byte[]> binary, Object origin) {
    WidgetRuntime rt = WidgetRuntime.current();
    List<Trait<?>> echo = new ArrayList<>();
    List<Runnable> notify = new ArrayList<>();
    List<String> names = new ArrayList<>(state.keySet());
    names.addAll(binary.keySet());
    synchronized (this) {
      for (String name : names) {
        Trait<?> t = traits.get(name);
        if (t == null) {
          rt.log(this + ": ignored unknown attribute '" + name + "' from the front end");
          continue;
        }
        echo.add(t);
        if (!t.frontendWritable) {
          rt.log(this + ": attribute '" + name + "' is set by the kernel only; kept its value");
          continue;
        }
        String problem = accept(t, state.get(name), binary.get(name), notify);
        if (problem != null) {
          rt.log(this + ": refused " + name + "=" + shown(state.get(name)) + ": " + problem);
        }
      }
    }
    if (!echo.isEmpty()) {
      sendState("echo_update", echo);
    }
    for (Runnable r : notify) {
      rt.callback(origin, r);
    }
  }

  private static String shown(JsonElement e) {
    return e == null ? "<binary>" : e.toString();
  }

  private <T> String accept(Trait<T> t, JsonElement json, byte[] bytes, List<Runnable> notify) {
    T v;
    try {
      @SuppressWarnings("unchecked")
      T decoded = t.codec.binary() && bytes != null ? (T) bytes : t.codec.fromJson(json);
      v = decoded;
    } catch (InvalidValueException e) {
      return e.getMessage();
    }
    String problem = t.problem(v);
    if (problem != null) {
      return problem;
    }
    if (t.put(v) && t.hasListeners()) {
      notify.add(() -> t.fire(v));
    }
    return null;
  }

  /** A front end's {@code custom} message; widgets that expect none log it. */
  void receiveCustom(JsonElement content, List<byte[]> buffers, Object origin) {
    WidgetRuntime.current().log(this + ": ignored custom message " + content);
  }

  /** The front end closed the comm. */
  final void frontendClosed() {
    synchronized (this) {
      open = false;
      closed = true;
    }
  }

  // ------------------------------------------------------------------ showing

  /**
   * What a notebook without a widget manager shows (nbconvert, the terminal): the widget's name and
   * value, as ipywidgets' repr.
   */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    describe(parts);
    String s = getClass().getSimpleName() + "(" + String.join(", ", parts) + ")";
    return s.length() > 200 ? s.substring(0, 199) + "…" : s;
  }

  /** Adds {@code name=value} parts for {@link #toString()}: the value first, then what matters. */
  void describe(List<String> parts) {}

  /**
   * Static HTML of what the widget shows now, for front ends without a widget manager (nbconvert,
   * handouts); null if it shows nothing beyond its text.
   */
  public String staticHtml() {
    return null;
  }

  static String quoted(String s) {
    return "'" + s.replace("'", "\\'") + "'";
  }

  static String escapeHtml(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** A widget listener that maps the attribute's value before calling {@code listener}. */
  static <A, T> Consumer<A> mapped(Function<A, T> f, Consumer<? super T> listener) {
    return a -> listener.accept(f.apply(a));
  }

  /**
   * A widget's state on the wire: the JSON state, and binary attributes moved out into buffers with
   * their paths (protocol 2: a path names where each buffer goes back in).
   */
  static final class WireState {
    final JsonObject state = new JsonObject();
    final List<List<Object>> paths = new ArrayList<>();
    final List<byte[]> buffers = new ArrayList<>();
    private final List<Widget> references = new ArrayList<>();

    @SuppressWarnings("unchecked")
    <T> void put(Trait<T> t, Object value) {
      if (t.codec.binary()) {
        paths.add(List.of(t.name));
        buffers.add(value == null ? new byte[0] : (byte[]) value);
        return;
      }
      collectReferences(value);
      state.add(t.name, value == null ? JsonNull.INSTANCE : t.codec.toJson((T) value));
    }

    private void collectReferences(Object value) {
      if (value instanceof Widget w) {
        references.add(w);
      } else if (value instanceof List<?> list) {
        for (Object o : list) {
          if (o instanceof Widget w) {
            references.add(w);
          }
        }
      }
    }

    /** Opens the widgets this state refers to, so the front end can resolve the references. */
    void openReferences() {
      for (Widget w : references) {
        w.ensureOpen();
      }
    }

    JsonArray paths() {
      return paths(List.of());
    }

    /** The buffer paths, each behind {@code prefix} (update_states nests states in a map). */
    JsonArray paths(List<Object> prefix) {
      JsonArray out = new JsonArray();
      for (List<Object> p : paths) {
        JsonArray a = new JsonArray();
        for (Object o : prefix) {
          a.add(String.valueOf(o));
        }
        for (Object o : p) {
          a.add(String.valueOf(o));
        }
        out.add(a);
      }
      return out;
    }
  }
}
