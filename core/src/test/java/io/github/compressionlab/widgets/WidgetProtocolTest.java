package io.github.compressionlab.widgets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The widget protocol 2.1 as the kernel side speaks it, against a recording front end. */
class WidgetProtocolTest {

  private RecordingHost host;
  private WidgetRuntime runtime;

  @BeforeEach
  void install() {
    host = new RecordingHost();
    runtime = host.install();
  }

  @AfterEach
  void uninstall() {
    host.close();
  }

  @Test
  void open_sendsLayoutAndStyleBeforeTheSliderThatRefersToThem() {
    FloatSlider t = new FloatSlider("T").range(0.1, 20).value(2);
    assertTrue(runtime.open(t));
    List<String> opened =
        host.sent.stream().map(s -> s.state().get("_model_name").getAsString()).toList();
    assertEquals(List.of("LayoutModel", "SliderStyleModel", "FloatSliderModel"), opened);
    JsonObject state = host.to(t, "open").get(0).state();
    assertEquals("IPY_MODEL_" + t.layout().modelId(), state.get("layout").getAsString());
    assertEquals("IPY_MODEL_" + t.style().modelId(), state.get("style").getAsString());
    assertEquals(2.0, state.get("value").getAsDouble());
    assertEquals(20.0, state.get("max").getAsDouble());
    assertTrue(host.to(t, "open").get(0).data().getAsJsonArray("buffer_paths").isEmpty());
  }

  @Test
  void changeFromJava_isSentAsUpdateOnceOpen() {
    IntSlider bits = new IntSlider("bits").range(2, 8).value(8);
    bits.value(4); // not open yet: nothing to send
    assertTrue(host.sent.isEmpty());
    runtime.open(bits);
    bits.value(3);
    RecordingHost.Sent update = host.last(bits, "update");
    assertEquals(JsonParser.parseString("{\"value\":3}"), update.state());
  }

  @Test
  void batch_sendsRangeAndClampedValueInOneUpdate() {
    IntSlider bits = new IntSlider("bits").range(2, 8).value(8);
    runtime.open(bits);
    bits.range(2, 6); // value 8 moves to 6
    assertEquals(6, bits.value());
    List<RecordingHost.Sent> updates = host.to(bits, "msg");
    assertEquals(1, updates.size());
    assertEquals(JsonParser.parseString("{\"max\":6,\"value\":6}"), updates.get(0).state());
  }

  @Test
  void updateFromFrontEnd_changesValue_echoesIt_andRunsListenerOnCallbackThread()
      throws InterruptedException {
    FloatSlider t = new FloatSlider("T").range(0, 10);
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    t.onChange(v -> heard.add(v + " on " + Thread.currentThread().getName()));
    runtime.open(t);
    Object origin = "msg-1";
    host.update(t, "{\"value\": 7.5}", origin);
    assertEquals(7.5, t.value());
    RecordingHost.Sent echo = host.last(t, "echo_update");
    assertEquals(JsonParser.parseString("{\"value\":7.5}"), echo.state());
    assertEquals(origin, echo.origin());
    host.awaitCallbacks();
    assertEquals(List.of("7.5 on lab-widgets"), heard);
  }

  @Test
  void valueOutsideRange_isRefused_logged_andEchoedWithTheOldValue() throws InterruptedException {
    FloatSlider t = new FloatSlider("T").range(0, 10).value(3);
    List<Double> heard = new ArrayList<>();
    t.onChange(heard::add);
    runtime.open(t);
    host.update(t, "{\"value\": 11}", "m");
    assertEquals(3.0, t.value());
    assertEquals(JsonParser.parseString("{\"value\":3.0}"), host.last(t, "echo_update").state());
    assertTrue(host.log.get(0).contains("11.0 is outside [0.0, 10.0]"), host.log.toString());
    host.awaitCallbacks();
    assertTrue(heard.isEmpty());
  }

  @Test
  void valueOfWrongType_isRefused_andLogged() {
    IntSlider n = new IntSlider("n").range(0, 10).value(5);
    runtime.open(n);
    host.update(n, "{\"value\": \"seven\"}", "m");
    host.update(n, "{\"value\": 2.5}", "m");
    host.update(n, "{\"value\": null}", "m");
    assertEquals(5, n.value());
    assertEquals(3, host.log.size(), host.log.toString());
    assertTrue(host.log.get(0).contains("expected a number"), host.log.get(0));
    assertTrue(host.log.get(1).contains("expected an integer"), host.log.get(1));
  }

  @Test
  void updateWithoutState_orWithoutMethod_orForUnknownWidget_isLoggedAndIgnored() {
    Checkbox c = new Checkbox("symmetric");
    runtime.open(c);
    host.clear();
    runtime.receive(
        c.modelId(),
        JsonParser.parseString("{\"method\":\"update\"}").getAsJsonObject(),
        List.of(),
        "m");
    runtime.receive(
        c.modelId(),
        JsonParser.parseString("{\"state\":{\"value\":true}}").getAsJsonObject(),
        List.of(),
        "m");
    runtime.receive(
        c.modelId(),
        JsonParser.parseString("{\"method\":\"update\",\"state\":[1]}").getAsJsonObject(),
        List.of(),
        "m");
    runtime.receive(
        c.modelId(),
        JsonParser.parseString("{\"method\":\"frobnicate\"}").getAsJsonObject(),
        List.of(),
        "m");
    runtime.receive(c.modelId(), null, List.of(), "m");
    runtime.receive(
        "no-such-widget",
        JsonParser.parseString("{\"method\":\"request_state\"}").getAsJsonObject(),
        List.of(),
        "m");
    assertFalse(c.value());
    assertTrue(host.sent.isEmpty(), host.sent.toString());
    assertEquals(6, host.log.size(), host.log.toString());
    assertTrue(host.log.get(5).contains("unknown widget no-such-widget"));
  }

  @Test
  void attributesTheFrontEndMayNotSet_keepTheirValues() {
    FloatSlider t = new FloatSlider("T").range(0, 10);
    runtime.open(t);
    host.update(t, "{\"max\": 1000, \"nonsense\": 1}", "m");
    assertEquals(10.0, t.max());
    assertEquals(JsonParser.parseString("{\"max\":10.0}"), host.last(t, "echo_update").state());
    assertEquals(2, host.log.size());
  }

  @Test
  void requestState_answersWithTheWholeState() {
    Dropdown<Integer> d = Dropdown.of("image", List.of(3, 17, 42));
    runtime.open(d);
    host.clear();
    runtime.receive(
        d.modelId(),
        JsonParser.parseString("{\"method\":\"request_state\"}").getAsJsonObject(),
        List.of(),
        "m");
    JsonObject state = host.last(d, "update").state();
    assertEquals("DropdownModel", state.get("_model_name").getAsString());
    assertEquals(JsonParser.parseString("[\"3\",\"17\",\"42\"]"), state.get("_options_labels"));
    assertEquals(0, state.get("index").getAsInt());
  }

  @Test
  void dropdown_frontEndSendsIndex_javaSeesTypedValue() throws InterruptedException {
    Dropdown<Integer> d = new Dropdown<Integer>("image").option("sneaker", 12).option("shirt", 7);
    List<Integer> heard = Collections.synchronizedList(new ArrayList<>());
    d.onChange(heard::add);
    runtime.open(d);
    host.update(d, "{\"index\": 1}", "m");
    host.update(d, "{\"index\": 2}", "m"); // no third option: refused
    assertEquals(7, d.value());
    assertEquals("shirt", d.label());
    host.awaitCallbacks();
    assertEquals(List.of(7), heard);
  }

  @Test
  void buttonClick_runsTheActionOnTheCallbackThread() throws InterruptedException {
    Button b = new Button("train");
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    b.onClick(() -> ran.add(Thread.currentThread().getName()));
    runtime.open(b);
    runtime.receive(
        b.modelId(),
        JsonParser.parseString("{\"method\":\"custom\",\"content\":{\"event\":\"click\"}}")
            .getAsJsonObject(),
        List.of(),
        "m");
    host.awaitCallbacks();
    assertEquals(List.of("lab-widgets"), ran);
  }

  @Test
  void failingCallback_isLogged_andTheNextOneStillRuns() throws InterruptedException {
    Button b = new Button("boom");
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    b.onClick(
        () -> {
          ran.add("first");
          throw new IllegalStateException("broken");
        });
    runtime.open(b);
    JsonObject click =
        JsonParser.parseString("{\"method\":\"custom\",\"content\":{\"event\":\"click\"}}")
            .getAsJsonObject();
    runtime.receive(b.modelId(), click, List.of(), "m");
    runtime.receive(b.modelId(), click, List.of(), "m");
    host.awaitCallbacks();
    assertEquals(List.of("first", "first"), ran);
    assertTrue(host.log.stream().anyMatch(l -> l.contains("broken")), host.log.toString());
  }

  @Test
  void image_sendsItsBytesAsABinaryBuffer() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    Image image = new Image().bytes(png, "png");
    runtime.open(image);
    RecordingHost.Sent open = host.to(image, "open").get(0);
    assertEquals(JsonParser.parseString("[[\"value\"]]"), open.data().get("buffer_paths"));
    assertFalse(open.state().has("value"));
    assertArrayEquals(png, open.buffers().get(0));
    image.bytes(new byte[] {1, 2}, "png");
    RecordingHost.Sent update = host.last(image, "update");
    assertArrayEquals(new byte[] {1, 2}, update.buffers().get(0));
  }

  @Test
  void updateStates_listsEveryOpenWidget_withBufferPathsUnderItsId() {
    Image image = new Image().bytes(new byte[] {9}, "png");
    VBox box = VBox.of(new Label("hello"), image);
    runtime.open(box);
    WidgetRuntime.WireMessage reply =
        runtime.receiveControl(
            JsonParser.parseString("{\"method\":\"request_states\"}").getAsJsonObject());
    JsonObject states = reply.data().getAsJsonObject("states");
    assertEquals(runtime.liveWidgets().size(), states.size());
    assertTrue(states.has(box.modelId()) && states.has(image.modelId()));
    JsonObject entry = states.getAsJsonObject(image.modelId());
    assertEquals("ImageModel", entry.get("model_name").getAsString());
    assertEquals("@jupyter-widgets/controls", entry.get("model_module").getAsString());
    assertEquals(
        JsonParser.parseString("[[\"" + image.modelId() + "\",\"state\",\"value\"]]"),
        reply.data().get("buffer_paths"));
    assertEquals(1, reply.buffers().size());
    assertNull(
        runtime.receiveControl(JsonParser.parseString("{\"method\":\"nope\"}").getAsJsonObject()));
  }

  @Test
  void close_removesTheWidgetFromTheLiveOnes() {
    Label l = new Label("x");
    runtime.open(l);
    l.close();
    assertFalse(runtime.liveWidgets().contains(l));
    assertEquals(1, host.to(l, "close").size());
    assertNotNull(host.to(l, "open").get(0));
  }
}
