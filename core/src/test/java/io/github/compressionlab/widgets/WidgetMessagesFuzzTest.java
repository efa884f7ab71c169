package io.github.compressionlab.widgets;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.compressionlab.testing.Fuzzing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kernel's widget message handling on fuzzed front-end messages. An input is UTF-8 text, one
 * message per line: a first character picking the addressee ({@code 0}-{@code 9}: one of ten live
 * widgets, {@code c}: the {@code jupyter.widget.control} comm, {@code x}: a comm id no widget has),
 * then the JSON of the comm message's {@code data}, as jjava hands it over. Two binary buffers ride
 * along with every message. After every message:
 *
 * <ul>
 *   <li>nothing escaped the runtime's own handling: a message it could not apply is logged with
 *       what was wrong ("... ignored"), never as {@code "widget message failed: <exception>"},
 *       which is the safety net for bugs;
 *   <li>every widget still holds a value its own rules allow: sliders within their bounds, on their
 *       step grid's range, finite; selections with an index among their options.
 * </ul>
 *
 * {@code ./lab fuzz widgets} runs a campaign.
 */
class WidgetMessagesFuzzTest {
  private static final List<byte[]> BUFFERS =
      List.of(new byte[] {1, 2, 3}, "png".getBytes(StandardCharsets.US_ASCII));

  @BeforeAll
  static void warmUp() {
    Fuzzing.warmUp(WidgetMessagesFuzzTest.class, "receive", new WidgetMessagesFuzzTest()::receive);
  }

  /** One front end and ten widgets for every input, reset in between (a fresh set is slow). */
  private static final class Fixture {
    final RecordingHost host = new RecordingHost();
    final WidgetRuntime runtime = host.install();
    final IntSlider bits = new IntSlider("bits");
    final FloatSlider t = new FloatSlider("T");
    final FloatLogSlider lr = new FloatLogSlider("lr");
    final Dropdown<String> mode = Dropdown.of("mode", List.of("per-tensor", "per-channel"));
    final ToggleButtons<Integer> k = ToggleButtons.of("k", List.of(1, 3, 5));
    final Checkbox on = new Checkbox("on");
    final Button go = new Button("go");
    final Output out = new Output();
    final Image img = new Image();
    final Widget[] widgets = {
      bits, t, lr, mode, k, on, go, out, img, HBox.of(bits, t, new Label("x"))
    };

    Fixture() {
      go.onClick(() -> out.clear());
      for (Widget w : widgets) {
        runtime.open(w);
      }
    }

    void reset() {
      bits.range(2, 8).step(1).value(8);
      t.range(0.1, 20).step(0.1).value(2);
      lr.base(10).exponents(-4, -1).value(1e-3);
      mode.index(0);
      k.index(1);
      on.value(false);
      host.clear();
    }
  }

  private static Fixture fixture;

  /** Gives the widgets of later test classes their standalone runtime back. */
  @AfterAll
  static void uninstall() {
    if (fixture != null) {
      fixture.host.close();
      fixture = null;
    }
  }

  @FuzzTest
  void receive(byte[] input) {
    if (fixture == null) {
      fixture = new Fixture();
    }
    Fixture f = fixture;
    f.reset();
    long failed0 = f.runtime.messageFailures();
    String text = new String(input, StandardCharsets.UTF_8);
    for (String line : text.split("\n", 64)) {
      if (line.isEmpty()) {
        continue;
      }
      JsonObject data = parse(line.substring(1));
      char to = line.charAt(0);
      if (to == 'c') {
        f.runtime.receiveControl(data);
      } else if (to >= '0' && to <= '9') {
        f.runtime.receive(f.widgets[to - '0'].modelId(), data, BUFFERS, "fuzz");
      } else {
        f.runtime.receive("no-such-comm", data, BUFFERS, "fuzz");
      }
      checkInvariants(failed0, f.host, f.bits, f.t, f.lr, f.mode, f.k);
    }
    if (!f.runtime.awaitCallbacks(10_000)) {
      throw new AssertionError("widget callbacks still running 10 s after the messages");
    }
  }

  /** The JSON object of a line, or null (jjava hands over a message without data as null). */
  private static JsonObject parse(String json) {
    try {
      JsonElement e = JsonParser.parseString(json);
      return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    } catch (JsonParseException | StackOverflowError e) {
      return null; // jjava rejects a message that is not JSON before any widget sees it
    }
  }

  private static void checkInvariants(
      long failed0,
      RecordingHost host,
      IntSlider bits,
      FloatSlider t,
      FloatLogSlider lr,
      Dropdown<String> mode,
      ToggleButtons<Integer> k) {
    if (host.runtime().messageFailures() != failed0) {
      throw new AssertionError("a message escaped the runtime's checks: " + host.log);
    }
    int v = bits.value();
    assertTrue(bits.min() <= v && v <= bits.max(), "bits " + v + " outside its range");
    double tv = t.value();
    assertTrue(
        Double.isFinite(tv) && t.min() <= tv && tv <= t.max(), "T " + tv + " outside its range");
    double l = lr.value();
    assertTrue(Double.isFinite(l) && l > 0, "lr " + l + " is not a positive number");
    Integer mi = mode.index();
    assertTrue(mi == null || (mi >= 0 && mi < mode.options().size()), "mode index " + mi);
    Integer ki = k.index();
    assertTrue(ki == null || (ki >= 0 && ki < k.options().size()), "k index " + ki);
  }

  @Test
  void corpus_holdsMessagesFrontEndsSend() {
    assertTrue(Fuzzing.corpus(getClass(), "receive").size() >= 3);
  }

  @Test
  void seededMutantsOfTheCorpus_areHandledOrLogged() {
    Fuzzing.replayMutants(getClass(), "receive", 500, this::receive);
  }
}
