package io.github.compressionlab.widgets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** interact: the function runs at once, then once per change, coalesced while a slider moves. */
class InteractTest {

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

  private static String text(Interactive panel) {
    return panel
        .output()
        .outputs()
        .get(0)
        .getAsJsonObject()
        .getAsJsonObject("data")
        .get("text/plain")
        .getAsString();
  }

  @Test
  void firstRun_isImmediate_soAHeadlessCellHasItsResult() {
    IntSlider n = new IntSlider("n").range(0, 10).value(3);
    Interactive panel = Interact.interact(() -> n.value() * n.value(), n);
    assertEquals("9", text(panel));
    assertEquals("Interactive(n=3, output=Output(outputs=[9]))", panel.toString());
    assertEquals(List.of(n, panel.output()), panel.children());
  }

  @Test
  void textForm_namesAChoiceByItsLabel_notItsValue() {
    Dropdown<double[]> image =
        new Dropdown<double[]>("image")
            .option("shirt", new double[] {1, 2})
            .option("shoe", new double[] {3});
    image.index(1);
    Interactive panel = Interact.interact(() -> image.value().length, image);
    assertEquals("Interactive(image='shoe', output=Output(outputs=[1]))", panel.toString());
  }

  @Test
  void changeFromTheFrontEnd_reRunsAndReplacesTheOutput() throws InterruptedException {
    IntSlider n = new IntSlider("n").range(0, 10).value(3);
    Dropdown<String> unit = Dropdown.of("unit", List.of("px", "em"));
    Interactive panel = Interact.interact(() -> n.value() + unit.value(), n, unit);
    runtime.open(panel);
    host.update(n, "{\"value\": 5}", "m1");
    host.update(unit, "{\"index\": 1}", "m2");
    host.awaitCallbacks();
    assertEquals(1, panel.output().size());
    assertEquals("5em", text(panel));
  }

  @Test
  void voidBody_showsWhatItPrints() {
    Checkbox c = new Checkbox("loud").value(true);
    Interactive panel = Interact.interact(() -> System.out.println(c.value() ? "HI" : "hi"), c);
    assertEquals(
        "HI\n", panel.output().outputs().get(0).getAsJsonObject().get("text").getAsString());
  }

  @Test
  void rapidMoves_coalesce_andTheLastRunSeesTheLastValue() throws InterruptedException {
    FloatSlider t = new FloatSlider("T").range(0, 100);
    List<Double> runs = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch firstRerunStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Interactive panel =
        Interact.interact(
            () -> {
              double v = t.value();
              runs.add(v);
              if (runs.size() == 2) { // the first re-run: hold it while the slider keeps moving
                firstRerunStarted.countDown();
                release.await(10, TimeUnit.SECONDS);
              }
              return v;
            },
            t);
    runtime.open(panel);
    host.update(t, "{\"value\": 1}", "m0");
    assertTrue(firstRerunStarted.await(10, TimeUnit.SECONDS));
    for (int i = 2; i <= 50; i++) { // 49 moves while a run is busy
      host.update(t, "{\"value\": " + i + "}", "m" + i);
    }
    release.countDown();
    host.awaitCallbacks();
    // the initial run, the held re-run, and one run for everything that came meanwhile
    assertEquals(List.of(0.0, 1.0, 50.0), runs);
    assertEquals("50.0", text(panel));
    // the output's last update answers the last move
    RecordingHost.Sent last = host.last(panel.output(), "update");
    assertEquals("m50", last.origin());
  }

  @Test
  void exceptionInTheFunction_showsInTheOutput_andLaterRunsStillWork() throws InterruptedException {
    IntSlider n = new IntSlider("n").range(0, 10).value(1);
    Interactive panel =
        Interact.interact(
            () -> {
              if (n.value() == 0) {
                throw new ArithmeticException("divide by zero");
              }
              return 10 / n.value();
            },
            n);
    runtime.open(panel);
    host.update(n, "{\"value\": 0}", "m");
    host.awaitCallbacks();
    assertEquals(
        "ArithmeticException",
        panel.output().outputs().get(0).getAsJsonObject().get("ename").getAsString());
    host.update(n, "{\"value\": 5}", "m");
    host.awaitCallbacks();
    assertEquals("2", text(panel));
  }
}
