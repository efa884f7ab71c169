package io.github.compressionlab.nn;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON form of an architecture: {@code {"inputShape": [1,28,28], "layers": [{"type": "dense",
 * "name": "fc1", "in": 784, "out": 300, "init": "HE"}, ...]}}. The {@code "type"} field picks the
 * {@link LayerConfig} record; the other fields are the record's components.
 */
final class LayerConfigJson {
  private LayerConfigJson() {}

  private static final Gson GSON = new GsonBuilder().create();
  private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().create();

  /** JSON type name → config record, from the sealed hierarchy of {@link LayerConfig}. */
  private static final Map<String, Class<? extends LayerConfig>> TYPES = types();

  private static Map<String, Class<? extends LayerConfig>> types() {
    Map<String, Class<? extends LayerConfig>> m = new java.util.TreeMap<>();
    for (Class<?> c : LayerConfig.kinds()) {
      m.put(LayerConfig.typeOf(c), c.asSubclass(LayerConfig.class));
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  record Architecture(long[] inputShape, List<LayerConfig> layers) {}

  static String write(long[] inputShape, List<LayerConfig> layers) {
    JsonObject root = new JsonObject();
    JsonArray shape = new JsonArray();
    for (long s : inputShape) {
      shape.add(s);
    }
    root.add("inputShape", shape);
    JsonArray array = new JsonArray();
    for (LayerConfig c : layers) {
      JsonObject o = new JsonObject();
      o.addProperty("type", c.type());
      for (Map.Entry<String, JsonElement> e : GSON.toJsonTree(c).getAsJsonObject().entrySet()) {
        o.add(e.getKey(), e.getValue());
      }
      array.add(o);
    }
    root.add("layers", array);
    return PRETTY.toJson(root);
  }

  static Architecture read(String json) {
    JsonObject root;
    try {
      root = JsonParser.parseString(json).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "architecture JSON is not a JSON object: "
              + e.getMessage()
              + "; pass the string from Sequential.architectureJson()",
          e);
    }
    if (!root.has("inputShape") || !root.has("layers")) {
      throw new IllegalArgumentException(
          "architecture JSON needs \"inputShape\" and \"layers\"; got keys " + root.keySet());
    }
    JsonArray shapeArray = root.getAsJsonArray("inputShape");
    long[] inputShape = new long[shapeArray.size()];
    for (int i = 0; i < inputShape.length; i++) {
      inputShape[i] = shapeArray.get(i).getAsLong();
    }
    List<LayerConfig> layers = new ArrayList<>();
    for (JsonElement e : root.getAsJsonArray("layers")) {
      JsonObject o = e.getAsJsonObject();
      String type = o.has("type") ? o.get("type").getAsString() : null;
      Class<? extends LayerConfig> cls = type == null ? null : TYPES.get(type);
      if (cls == null) {
        throw new IllegalArgumentException(
            "architecture JSON: layer "
                + o
                + " has unknown type '"
                + type
                + "'; known types: "
                + new java.util.TreeSet<>(TYPES.keySet()));
      }
      JsonObject fields = o.deepCopy();
      fields.remove("type");
      layers.add(GSON.fromJson(fields, cls));
    }
    return new Architecture(inputShape, layers);
  }
}
