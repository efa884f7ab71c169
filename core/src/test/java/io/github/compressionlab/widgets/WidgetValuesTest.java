package io.github.compressionlab.widgets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed Java side of the widgets, without a front end. */
class WidgetValuesTest {

  @Test
  void floatSlider_refusesAJavaValueOutsideItsRange() {
    FloatSlider alpha = new FloatSlider("α").range(0, 1).value(0.5);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> alpha.value(1.5));
    assertTrue(e.getMessage().contains("1.5 is outside [0.0, 1.0]"), e.getMessage());
    assertEquals(0.5, alpha.value());
    assertThrows(IllegalArgumentException.class, () -> alpha.range(2, 1));
    assertThrows(IllegalArgumentException.class, () -> alpha.step(-0.1));
  }

  @Test
  void narrowingTheRange_movesTheValueIn_andTellsTheListeners() {
    List<Integer> heard = new ArrayList<>();
    IntSlider bits = new IntSlider("bits").range(2, 8).value(8);
    bits.onChange(heard::add);
    bits.max(4);
    assertEquals(4, bits.value());
    assertEquals(List.of(4), heard);
    bits.min(6); // min above max moves max too: [6, 6]
    assertEquals(6, bits.max());
    assertEquals(6, bits.value());
  }

  @Test
  void logSlider_takesValuesButSendsExponents() {
    FloatLogSlider t = new FloatLogSlider("T").range(0.1, 20).value(2);
    JsonStateAssert.state(t).has("min", -1.0).has("base", 10.0);
    // log10(20) = 1.30103
    assertEquals(1.30103, t.fullState().state.get("max").getAsDouble(), 1e-5);
    assertEquals(0.1, t.lowest(), 1e-12);
    assertEquals(20, t.highest(), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> t.value(25));
    assertThrows(IllegalArgumentException.class, () -> t.range(0, 1)); // log scale needs > 0
  }

  @Test
  void selection_mapsBetweenTypedValuesAndIndices() {
    Dropdown<Integer> image = Dropdown.of("image", List.of(3, 17, 42));
    assertEquals(3, image.value());
    image.value(42);
    assertEquals(2, image.index());
    assertEquals("42", image.label());
    assertThrows(IllegalArgumentException.class, () -> image.value(5));
    assertThrows(IllegalArgumentException.class, () -> image.index(3));
    image.options(List.of(7)); // index 2 no longer exists: the first option is chosen
    assertEquals(7, image.value());
    assertEquals(0, new Dropdown<String>("empty").options().size());
    assertEquals(null, new Dropdown<String>("empty").value());
  }

  @Test
  void button_clickFromJava_runsItsActionsHere() {
    List<String> ran = new ArrayList<>();
    Button b = new Button("go");
    Subscription s = b.onClick(() -> ran.add("clicked"));
    b.click();
    s.cancel();
    b.click();
    assertEquals(List.of("clicked"), ran);
  }

  @Test
  void interact_aValueReturningCall_isShownNotJustRun() {
    IntSlider n = new IntSlider("n").value(4);
    // both overloads fit a method call; Java picks the value-returning one (Body)
    Interactive panel = Interact.interact(() -> Integer.toString(n.value() * 2), n);
    assertEquals(
        "8",
        panel
            .output()
            .outputs()
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("data")
            .get("text/plain")
            .getAsString());
  }

  @Test
  void toString_namesTheWidgetAndItsValue() {
    assertEquals(
        "FloatSlider(value=0.5, min=0.0, max=1.0, description='α')",
        new FloatSlider("α").range(0, 1).value(0.5).toString());
    assertEquals(
        "ToggleButtons(value='asymmetric', options=[symmetric, asymmetric], description='scheme')",
        ToggleButtons.of("scheme", List.of("symmetric", "asymmetric")).index(1).toString());
    assertEquals(
        "Checkbox(value=false, description='fine-tune')", new Checkbox("fine-tune").toString());
    assertEquals("Button(description='train')", new Button("train").toString());
    assertEquals(
        "HBox(children=[Label(value='a'), Label(value='b')])",
        HBox.of(new Label("a"), new Label("b")).toString());
  }

  @Test
  void withoutAKernel_widgetsNeverOpen() {
    FloatSlider t = new FloatSlider("T");
    assertFalse(WidgetRuntime.current().open(t));
    t.value(3); // no front end: nothing to send, no error
    assertEquals(3.0, t.value());
  }

  @Test
  void layoutKeywords_areChecked_andBorderSetsAllFourSides() {
    Layout l = new FloatSlider("T").layout().width("400px").border("1px solid gray");
    assertEquals("1px solid gray", l.borderLeft());
    assertEquals("400px", l.width());
    assertThrows(IllegalArgumentException.class, () -> l.alignItems("middle"));
    assertThrows(IllegalArgumentException.class, () -> HBox.of().boxStyle(Emphasis.PRIMARY));
  }

  /** A tiny fluent check of a widget's wire state. */
  private record JsonStateAssert(Widget w) {
    static JsonStateAssert state(Widget w) {
      return new JsonStateAssert(w);
    }

    JsonStateAssert has(String key, double expected) {
      assertEquals(expected, w.fullState().state.get(key).getAsDouble(), 1e-12, key);
      return this;
    }
  }
}
