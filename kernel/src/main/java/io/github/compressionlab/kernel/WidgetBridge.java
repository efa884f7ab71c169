package io.github.compressionlab.kernel;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.compressionlab.widgets.ErrorOutput;
import io.github.compressionlab.widgets.MimeBundle;
import io.github.compressionlab.widgets.OutputSink;
import io.github.compressionlab.widgets.StreamCapture;
import io.github.compressionlab.widgets.Widget;
import io.github.compressionlab.widgets.WidgetHost;
import io.github.compressionlab.widgets.WidgetRuntime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.comm.Comm;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.comm.CommCloseCommand;
import org.dflib.jjava.jupyter.messages.comm.CommMsgCommand;
import org.dflib.jjava.jupyter.messages.comm.CommOpenCommand;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;

/**
 * The kernel as the widgets' {@link WidgetHost}: the Jupyter widget protocol 2.1 over jjava's
 * comms.
 *
 * <ul>
 *   <li>Comm target {@code jupyter.widget}: the kernel opens one comm per widget ({@code comm_open}
 *       with {@code {state, buffer_paths}}, metadata {@code {version: "2.1.0"}}); front-end
 *       messages go to {@link WidgetRuntime#receive}. Front ends may not create widgets: such a
 *       {@code comm_open} is logged and closed.
 *   <li>Comm target {@code jupyter.widget.control}: {@code request_states} is answered with {@code
 *       update_states}, so a reloaded page finds its widgets again.
 *   <li>A widget shown in a cell renders as {@code application/vnd.jupyter.widget-view+json}, with
 *       {@code text/plain} naming it and its value, and {@code text/html} with a static picture of
 *       what it shows if it holds an output or image (what nbconvert keeps).
 *   <li>Callbacks run under the kernel's lock (the one {@code handleExecuteRequest} holds), so
 *       never alongside a cell; captured output and displays go to the widget's {@link OutputSink}.
 * </ul>
 */
final class WidgetBridge implements WidgetHost {

  static final String WIDGET_TARGET = "jupyter.widget";
  static final String CONTROL_TARGET = "jupyter.widget.control";
  static final String PROTOCOL_VERSION = "2.1.0";
  static final MIMEType WIDGET_VIEW = MIMEType.parse("application/vnd.jupyter.widget-view+json");

  private static final Gson GSON = new Gson();

  private final LabKernel kernel;
  private final LabCommManager comms;
  private final ThreadLocal<Deque<OutputSink>> sinks = ThreadLocal.withInitial(ArrayDeque::new);
  private volatile WidgetRuntime runtime = WidgetRuntime.current();

  WidgetBridge(LabKernel kernel, LabCommManager comms, Renderer renderer) {
    this.kernel = kernel;
    this.comms = comms;
    comms.registerTarget(
        WIDGET_TARGET,
        (manager, id, target, message) -> {
          log("a front end opened widget comm " + id + "; only the kernel creates widgets: closed");
          return null;
        });
    comms.registerTarget(CONTROL_TARGET, this::openControl);
    renderer
        .createRegistration(Widget.class)
        .preferring(WIDGET_VIEW, MIMEType.TEXT_HTML)
        .supporting(MIMEType.TEXT_PLAIN)
        .register(
            (widget, ctx) -> {
              ctx.renderIfRequested(
                  WIDGET_VIEW,
                  (type, out) -> {
                    if (runtime.open(widget)) {
                      Map<String, Object> view = new LinkedHashMap<>();
                      view.put("version_major", 2);
                      view.put("version_minor", 0);
                      view.put("model_id", widget.modelId());
                      out.putData(type, view);
                    }
                  });
              ctx.renderIfRequested(MIMEType.TEXT_PLAIN, widget::toString);
              ctx.renderIfRequested(
                  MIMEType.TEXT_HTML,
                  (type, out) -> {
                    String html = widget.staticHtml();
                    if (html != null) {
                      out.putData(type, html);
                    }
                  });
            });
  }

  /** Makes this kernel the widgets' host (at kernel start-up). */
  void install() {
    runtime = WidgetRuntime.install(this);
  }

  void uninstall() {
    WidgetRuntime.uninstall(runtime);
  }

  /**
   * Runs each cell after the widget callbacks queued before it: its execute requests first wait for
   * them, outside the kernel's monitor (which the callbacks need).
   */
  void attach(JupyterConnection connection) {
    connection.setHandler(
        MessageType.EXECUTE_REQUEST,
        (env, message) -> {
          runtime.awaitCallbacks(Long.MAX_VALUE);
          kernel.handleExecuteRequest(env, message);
        });
  }

  /** Stops a running widget callback (the kernel's interrupt). */
  void interrupt() {
    runtime.interruptCallbacks(LabKernel.INTERRUPT_GRACE_MILLIS);
  }

  // ------------------------------------------------------------------ display hooks

  /** Shows {@code data} in the capturing output, if this thread is capturing; else false. */
  boolean display(DisplayData data) {
    OutputSink sink = sinks.get().peek();
    if (sink == null) {
      return false;
    }
    sink.display(bundle(data), data.getDisplayId());
    return true;
  }

  /** Updates display {@code id} in the capturing output, if this thread captures one with it. */
  boolean updateDisplay(String id, DisplayData data) {
    OutputSink sink = sinks.get().peek();
    return sink != null && sink.updateDisplay(id, bundle(data));
  }

  private static MimeBundle bundle(DisplayData d) {
    JsonObject json = GSON.toJsonTree(d).getAsJsonObject();
    JsonElement data = json.get("data");
    JsonElement metadata = json.get("metadata");
    return new MimeBundle(
        data != null && data.isJsonObject() ? data.getAsJsonObject() : new JsonObject(),
        metadata != null && metadata.isJsonObject() ? metadata.getAsJsonObject() : null);
  }

  // ------------------------------------------------------------------ WidgetHost

  @Override
  public boolean connected() {
    return comms.connected();
  }

  @Override
  public void open(String modelId, JsonObject data, List<byte[]> buffers, Object origin) {
    comms.registerComm(new WidgetComm(comms, modelId));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("version", PROTOCOL_VERSION);
    comms.publish(
        message(
            origin,
            CommOpenCommand.MESSAGE_TYPE,
            new CommOpenCommand(modelId, WIDGET_TARGET, data),
            buffers,
            metadata));
  }

  @Override
  public void send(String modelId, JsonObject data, List<byte[]> buffers, Object origin) {
    comms.publish(
        message(
            origin, CommMsgCommand.MESSAGE_TYPE, new CommMsgCommand(modelId, data), buffers, null));
  }

  @Override
  public void close(String modelId, Object origin) {
    comms.unregisterComm(modelId);
    comms.publish(
        message(
            origin,
            CommCloseCommand.MESSAGE_TYPE,
            new CommCloseCommand(modelId, new JsonObject()),
            null,
            null));
  }

  @Override
  public MimeBundle render(Object value) {
    return bundle(kernel.render(value));
  }

  /**
   * Holds the kernel's monitor: {@code LabKernel.handleExecuteRequest} is synchronized, so while a
   * callback runs no cell starts, and while a cell runs no callback does.
   */
  @Override
  public void runExclusive(Runnable task) {
    synchronized (kernel) {
      task.run();
    }
  }

  @Override
  public Capture capture(OutputSink sink) {
    Deque<OutputSink> stack = sinks.get();
    StreamCapture streams = StreamCapture.start(sink);
    stack.push(sink);
    return () -> {
      stack.remove(sink);
      streams.close();
    };
  }

  @Override
  public ErrorOutput describe(Throwable error) {
    Throwable shown =
        error instanceof UserCodeException && error.getCause() != null ? error.getCause() : error;
    return new ErrorOutput(
        shown.getClass().getSimpleName(), shown.getMessage(), kernel.formatError(error));
  }

  @Override
  public void log(String line) {
    LabCommManager.log(line);
  }

  /** Logged, and sent as stderr to the front end whose message ran the callback. */
  @Override
  public void callbackFailed(ErrorOutput error, Object origin) {
    String trace = String.join("\n", error.traceback());
    log("widget callback failed: " + trace);
    MessageContext parent = origin instanceof MessageContext m ? m : comms.lastContext();
    comms.publish(
        new Message<>(
            parent,
            PublishStream.MESSAGE_TYPE,
            new PublishStream(
                PublishStream.StreamType.ERR,
                "A widget callback failed: "
                    + error.ename()
                    + ": "
                    + error.evalue()
                    + "\n"
                    + trace
                    + "\n"),
            null,
            null));
  }

  // ------------------------------------------------------------------ comms

  private <T> Message<T> message(
      Object origin,
      MessageType<T> type,
      T content,
      List<byte[]> buffers,
      Map<String, Object> metadata) {
    MessageContext parent = origin instanceof MessageContext m ? m : comms.lastContext();
    // jjava sends a null buffer list as no buffers; an empty list would leave the message open
    List<byte[]> blobs = buffers == null || buffers.isEmpty() ? null : buffers;
    return new Message<>(parent, type, content, blobs, metadata);
  }

  private Comm openControl(
      CommManager manager, String id, String target, Message<CommOpenCommand> message) {
    Object version = message.getMetadata() == null ? null : message.getMetadata().get("version");
    if (version != null && !String.valueOf(version).startsWith("1.")) {
      log("control comm version " + version + " is not 1.x: closed");
      return null;
    }
    return new ControlComm(manager, id);
  }

  /** One widget's comm: front-end messages go to the runtime. */
  private final class WidgetComm extends Comm {
    WidgetComm(CommManager manager, String id) {
      super(manager, id, WIDGET_TARGET);
    }

    @Override
    protected void onMessage(Message<CommMsgCommand> message) {
      runtime.receive(getID(), message.getContent().getData(), message.getBlobs(), message);
    }

    @Override
    protected void onClose(Message<CommCloseCommand> message, boolean sending) {
      if (!sending) {
        runtime.frontendClosed(getID());
      }
    }
  }

  /** The {@code jupyter.widget.control} comm a front end opens to fetch every widget's state. */
  private final class ControlComm extends Comm {
    ControlComm(CommManager manager, String id) {
      super(manager, id, CONTROL_TARGET);
    }

    @Override
    protected void onMessage(Message<CommMsgCommand> message) {
      WidgetRuntime.WireMessage reply = runtime.receiveControl(message.getContent().getData());
      if (reply != null) {
        comms.publish(
            message(
                message,
                CommMsgCommand.MESSAGE_TYPE,
                new CommMsgCommand(getID(), reply.data()),
                reply.buffers(),
                null));
      }
    }

    @Override
    protected void onClose(Message<CommCloseCommand> message, boolean sending) {}
  }
}
