package io.github.compressionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.compressionlab.testing.Fuzzing;
import io.github.compressionlab.widgets.Button;
import io.github.compressionlab.widgets.Dropdown;
import io.github.compressionlab.widgets.IntSlider;
import io.github.compressionlab.widgets.Output;
import io.github.compressionlab.widgets.Widget;
import io.github.compressionlab.widgets.WidgetRuntime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.ReplyEnvironment;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.comm.CommCloseCommand;
import org.dflib.jjava.jupyter.messages.comm.CommMsgCommand;
import org.dflib.jjava.jupyter.messages.comm.CommOpenCommand;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zeromq.ZMQ;

/**
 * The kernel's comm handling on fuzzed front-end messages, as the shell loop hands them over: a
 * real {@link LabKernel} (without its JShell, which comms never touch), its {@link LabCommManager}
 * and {@link WidgetBridge}, four widgets opened through them, and an iopub socket that publishes to
 * nobody. An input is UTF-8 text, one message per line: {@code o}, {@code m} or {@code c} and the
 * JSON content of a {@code comm_open}, {@code comm_msg} or {@code comm_close}; or a digit and the
 * {@code data} of a {@code comm_msg} to that widget. Content that is not JSON of the message's
 * shape never reaches the handlers (jjava's loop refuses it), so it is skipped. After every message
 * nothing may have escaped a handler, and the log must not show the safety nets that catch bugs
 * ({@code "... failed: <exception>"}); what a malformed message gets is a log line saying it was
 * ignored or closed. {@code ./lab fuzz comms} runs a campaign.
 */
class CommMessagesFuzzTest {
  private static final Gson GSON = new Gson();
  private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();

  private static LabKernel kernel;
  private static ZMQ.Context zmq;
  private static IOPubChannel iopub;

  @BeforeAll
  static void startKernel() {
    if (kernel != null) {
      return;
    }
    // the kernel logs on the stderr it finds when its class loads: capture it
    PrintStream err = System.err;
    System.setErr(new PrintStream(LOG, true, StandardCharsets.UTF_8));
    try {
      kernel = new LabKernel(new CompletableFuture<>());
    } finally {
      System.setErr(err);
    }
    zmq = ZMQ.context(1);
    iopub = new IOPubChannel(zmq, HMACGenerator.NO_AUTH_INSTANCE);
    kernel.comms().setIOPubChannel(iopub);
    Fuzzing.warmUp(CommMessagesFuzzTest.class, "handle", new CommMessagesFuzzTest()::handle);
  }

  @AfterAll
  static void stopKernel() {
    if (kernel != null) {
      kernel.comms().setIOPubChannel(null);
      iopub.close();
      zmq.term();
      WidgetRuntime.uninstall(WidgetRuntime.current());
      kernel = null;
      live = null;
    }
  }

  @FuzzTest
  void handle(byte[] input) {
    if (kernel == null) {
      startKernel();
    }
    LabCommManager comms = kernel.comms();
    Widget[] widgets = liveWidgets();
    Env env = new Env();
    synchronized (LOG) {
      LOG.reset();
    }
    long caught0 = comms.caughtFailures();
    long failed0 = WidgetRuntime.current().messageFailures();
    try {
      for (String line : new String(input, StandardCharsets.UTF_8).split("\n", 64)) {
        if (line.isEmpty()) {
          continue;
        }
        char kind = line.charAt(0);
        String json = line.substring(1);
        try {
          if (kind >= '0' && kind <= '3') {
            JsonObject data = object(json);
            comms.handleCommMsgCommand(
                env,
                message(
                    CommMsgCommand.MESSAGE_TYPE,
                    new CommMsgCommand(widgets[kind - '0'].modelId(), data)));
          } else if (kind == 'o') {
            comms.handleCommOpenCommand(
                env, message(CommOpenCommand.MESSAGE_TYPE, bind(json, CommOpenCommand.class)));
          } else if (kind == 'm') {
            comms.handleCommMsgCommand(
                env, message(CommMsgCommand.MESSAGE_TYPE, bind(json, CommMsgCommand.class)));
          } else if (kind == 'c') {
            comms.handleCommCloseCommand(
                env, message(CommCloseCommand.MESSAGE_TYPE, bind(json, CommCloseCommand.class)));
          }
        } catch (JsonParseException | StackOverflowError e) {
          continue; // not a message of that shape: jjava's loop refuses it before any handler
        }
        if (comms.caughtFailures() != caught0
            || WidgetRuntime.current().messageFailures() != failed0) {
          String log;
          synchronized (LOG) {
            log = LOG.toString(StandardCharsets.UTF_8);
          }
          throw new AssertionError("a message got past the handlers' checks: " + log);
        }
      }
      if (!WidgetRuntime.current().awaitCallbacks(10_000)) {
        throw new AssertionError("widget callbacks still running 10 s after the messages");
      }
    } finally {
      ((IntSlider) widgets[0]).value(8);
      ((Dropdown<?>) widgets[1]).index(0);
    }
  }

  private static Widget[] live;

  /** Four widgets opened once through the kernel, again only if a message closed one. */
  private static Widget[] liveWidgets() {
    if (live != null && java.util.Arrays.stream(live).allMatch(Widget::isOpen)) {
      return live;
    }
    if (live != null) {
      for (Widget w : live) {
        w.close();
      }
    }
    IntSlider bits = new IntSlider("bits").range(2, 8).value(8);
    Dropdown<String> mode = Dropdown.of("mode", List.of("per-tensor", "per-channel"));
    Button go = new Button("go");
    Output out = new Output();
    go.onClick(out::clear);
    live = new Widget[] {bits, mode, go, out};
    for (Widget w : live) {
      WidgetRuntime.current().open(w);
    }
    return live;
  }

  /** The content of a message, bound as Gson binds it; a binding failure is a refusal. */
  private static <T> T bind(String json, Class<T> type) {
    try {
      return GSON.fromJson(json, type);
    } catch (RuntimeException e) { // JsonParseException, or a value of the wrong type for a field
      throw new JsonParseException("not a " + type.getSimpleName(), e);
    }
  }

  private static JsonObject object(String json) {
    JsonElement e = JsonParser.parseString(json);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
  }

  private static <T> Message<T> message(MessageType<T> type, T content) {
    return new Message<>(null, type, content, List.of(new byte[] {1, 2}), null);
  }

  /** What a handler may do with its reply environment: recorded, never sent. */
  private static final class Env implements ReplyEnvironment {
    final List<Object> published = new ArrayList<>();

    @Override
    public void publish(Message<?> m) {
      published.add(m);
    }

    @Override
    public void reply(Message<?> m) {
      published.add(m);
    }

    @Override
    public ReplyEnvironment defer() {
      return this;
    }

    @Override
    public void defer(Runnable r) {
      r.run();
    }

    @Override
    public void resolveDeferrals() {}

    @Override
    public <T extends ContentType<T>> void publish(T content) {
      published.add(content);
    }

    @Override
    public <T extends ContentType<T>> void reply(T content) {
      published.add(content);
    }

    @Override
    public void replyError(MessageType<?> type, ErrorReply error) {
      published.add(error);
    }

    @Override
    public void setStatusBusy() {}

    @Override
    public void setStatusIdle() {}

    @Override
    public void setBusyDeferIdle() {}
  }

  @Test
  void refusedMessages_areLoggedWhereTheCheckLooks() {
    handle(
        ("m{\"comm_id\":\"nope\",\"data\":{}}\n"
                + "o{\"comm_id\":\"w-9\",\"target_name\":\"jupyter.widget\",\"data\":{}}\n")
            .getBytes(StandardCharsets.UTF_8));
    String log;
    synchronized (LOG) {
      log = LOG.toString(StandardCharsets.UTF_8);
    }
    assertTrue(log.contains("comm_msg for unknown comm nope: ignored"), log);
    assertTrue(log.contains("only the kernel creates widgets: closed"), log);
  }

  @Test
  void corpus_holdsMessagesFrontEndsSend() {
    assertTrue(Fuzzing.corpus(getClass(), "handle").size() >= 2);
  }

  @Test
  void seededMutantsOfTheCorpus_areHandledOrLogged() {
    Fuzzing.replayMutants(getClass(), "handle", 500, this::handle);
  }
}
