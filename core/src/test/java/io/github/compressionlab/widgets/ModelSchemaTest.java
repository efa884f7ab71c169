package io.github.compressionlab.widgets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every widget's state against the ipywidgets 8 model schema (vendored in
 * kernel/testdata/ipywidgets8-models.json): the model and view names, modules and versions, every
 * attribute the schema lists, and the schema's default for each one of a freshly made widget.
 */
class ModelSchemaTest {

  private static final Path SCHEMA =
      Path.of(System.getProperty("lab.home", "."), "kernel/testdata/ipywidgets8-models.json");

  /** A fresh widget of each kind, with the schema's defaults (empty description). */
  private static final Map<String, Supplier<Widget>> WIDGETS = new LinkedHashMap<>();

  static {
    WIDGETS.put("FloatSliderModel", () -> new FloatSlider(""));
    WIDGETS.put("IntSliderModel", () -> new IntSlider(""));
    WIDGETS.put("FloatLogSliderModel", () -> new FloatLogSlider(""));
    WIDGETS.put("DropdownModel", () -> new Dropdown<String>(""));
    WIDGETS.put("ToggleButtonsModel", () -> new ToggleButtons<String>(""));
    WIDGETS.put("CheckboxModel", () -> new Checkbox(""));
    WIDGETS.put("ButtonModel", () -> new Button(""));
    WIDGETS.put("LabelModel", () -> new Label(""));
    WIDGETS.put("HTMLModel", () -> new HTML(""));
    WIDGETS.put("ImageModel", Image::new);
    WIDGETS.put("OutputModel", Output::new);
    WIDGETS.put("HBoxModel", HBox::of);
    WIDGETS.put("VBoxModel", VBox::of);
    WIDGETS.put("LayoutModel", Layout::new);
    WIDGETS.put("SliderStyleModel", SliderStyle::new);
    WIDGETS.put("DescriptionStyleModel", DescriptionStyle::new);
    WIDGETS.put("ButtonStyleModel", ButtonStyle::new);
    WIDGETS.put("ToggleButtonsStyleModel", ToggleButtonsStyle::new);
    WIDGETS.put("CheckboxStyleModel", CheckboxStyle::new);
    WIDGETS.put("LabelStyleModel", LabelStyle::new);
    WIDGETS.put("HTMLStyleModel", HTMLStyle::new);
  }

  private static List<JsonObject> models() throws IOException {
    JsonObject doc = JsonParser.parseString(Files.readString(SCHEMA)).getAsJsonObject();
    List<JsonObject> out = new ArrayList<>();
    doc.getAsJsonArray("models").forEach(m -> out.add(m.getAsJsonObject()));
    return out;
  }

  @Test
  void everyWidget_hasTheSchemasModelView_attributes_andDefaults() throws IOException {
    List<String> problems = new ArrayList<>();
    List<JsonObject> models = models();
    assertEquals(WIDGETS.size(), models.size());
    for (JsonObject m : models) {
      JsonObject model = m.getAsJsonObject("model");
      JsonObject view = m.getAsJsonObject("view");
      String name = model.get("name").getAsString();
      Supplier<Widget> make = WIDGETS.get(name);
      if (make == null) {
        fail("no widget for " + name);
      }
      Widget w = make.get();
      Widget.WireState wire = w.fullState();
      JsonObject state = wire.state;
      expect(problems, name, "_model_name", model.get("name"), state);
      expect(problems, name, "_model_module", model.get("module"), state);
      expect(problems, name, "_model_module_version", model.get("version"), state);
      expect(problems, name, "_view_name", view.get("name"), state);
      expect(problems, name, "_view_module", view.get("module"), state);
      expect(problems, name, "_view_module_version", view.get("version"), state);
      for (JsonElement a : m.getAsJsonArray("attributes")) {
        JsonObject attr = a.getAsJsonObject();
        String key = attr.get("name").getAsString();
        String type = attr.get("type").toString();
        if (type.equals("\"bytes\"")) {
          if (!wire.paths.contains(List.of(key))) {
            problems.add(name + "." + key + ": not sent as a buffer");
          }
          continue;
        }
        if (!state.has(key)) {
          problems.add(name + "." + key + ": missing");
          continue;
        }
        if (type.equals("\"reference\"")) {
          if (!state.get(key).getAsString().startsWith("IPY_MODEL_")) {
            problems.add(name + "." + key + ": not a widget reference: " + state.get(key));
          }
          continue;
        }
        expect(problems, name, key, attr.get("default"), state);
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** Numbers compare by value (the schema writes 100.0 for floats, 100 for ints). */
  private static void expect(
      List<String> problems, String model, String key, JsonElement expected, JsonObject state) {
    JsonElement actual = state.get(key);
    boolean same =
        expected.equals(actual)
            || (expected.isJsonPrimitive()
                && actual != null
                && actual.isJsonPrimitive()
                && expected.getAsJsonPrimitive().isNumber()
                && actual.getAsJsonPrimitive().isNumber()
                && expected.getAsDouble() == actual.getAsDouble());
    if (!same) {
      problems.add(model + "." + key + ": expected " + expected + ", got " + actual);
    }
  }
}
