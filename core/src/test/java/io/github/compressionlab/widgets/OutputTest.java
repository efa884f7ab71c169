package io.github.compressionlab.widgets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What callbacks print, show and throw lands in their Output widget. */
class OutputTest {

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

  private static JsonObject at(Output out, int i) {
    return out.outputs().get(i).getAsJsonObject();
  }

  @Test
  void run_capturesPrintsAsOneStreamPerName() {
    Output out = new Output();
    out.run(
        () -> {
          System.out.print("a");
          System.out.println("b");
          System.err.println("warn");
        });
    assertEquals(2, out.size());
    assertEquals("stdout", at(out, 0).get("name").getAsString());
    assertEquals("ab\n", at(out, 0).get("text").getAsString());
    assertEquals("warn\n", at(out, 1).get("text").getAsString());
  }

  @Test
  void run_showsAnExceptionAsAnErrorOutput_andDoesNotThrow() {
    Output out = new Output();
    out.run(
        () -> {
          System.out.println("before");
          throw new java.io.IOException("disk full");
        });
    JsonObject error = at(out, 1);
    assertEquals("error", error.get("output_type").getAsString());
    assertEquals("IOException", error.get("ename").getAsString());
    assertEquals("disk full", error.get("evalue").getAsString());
  }

  @Test
  void append_rendersAsTheHostRendersACellValue() {
    Output out = new Output();
    out.append(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB));
    JsonObject data = at(out, 0).getAsJsonObject("data");
    assertTrue(data.has("image/png"));
    assertTrue(data.has("text/plain"));
  }

  @Test
  void clearWait_keepsTheOldOutputUntilTheNewOneArrives() {
    Output out = new Output();
    runtime.open(out);
    out.appendText("old");
    host.clear();
    out.clear(true);
    assertEquals(1, out.size()); // still shown
    out.run(() -> System.out.println("new"));
    assertEquals(1, out.size());
    assertEquals("new\n", at(out, 0).get("text").getAsString());
    // one update with the new outputs, no empty one in between
    List<RecordingHost.Sent> updates = host.to(out, "msg");
    assertEquals(1, updates.size());
    JsonArray sent = updates.get(0).state().getAsJsonArray("outputs");
    assertEquals("new\n", sent.get(0).getAsJsonObject().get("text").getAsString());
  }

  @Test
  void capturedListener_writesIntoItsOutput() throws InterruptedException {
    Output out = new Output();
    FloatSlider t = new FloatSlider("T").range(0, 5);
    t.onChange(out.capturing(v -> System.out.println("T=" + v)));
    runtime.open(t);
    host.update(t, "{\"value\": 4}", "m");
    host.awaitCallbacks();
    assertEquals("T=4.0\n", at(out, 0).get("text").getAsString());
  }

  @Test
  void manyPrints_areSentAtMostOncePerInterval_andAllAtTheEnd() {
    Output out = new Output();
    runtime.open(out);
    host.clear();
    out.run(
        () -> {
          for (int i = 0; i < 500; i++) {
            System.out.println(i);
          }
        });
    List<RecordingHost.Sent> updates = host.to(out, "msg");
    assertTrue(updates.size() <= 3, updates.size() + " updates for 500 prints");
    JsonArray last = updates.get(updates.size() - 1).state().getAsJsonArray("outputs");
    assertTrue(last.get(0).getAsJsonObject().get("text").getAsString().endsWith("499\n"));
  }

  @Test
  void toString_namesTheOutputsForTextFrontEnds() {
    Output out = new Output();
    out.appendText("accuracy 91.2%\n");
    assertEquals("Output(outputs=[accuracy 91.2%])", out.toString());
    assertTrue(out.staticHtml().contains("<pre>accuracy 91.2%"));
  }
}
