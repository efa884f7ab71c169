package io.github.compressionlab.widgets;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Objects;

/**
 * A value rendered for a front end: MIME type to data ({@code "image/png"} to base64 text, {@code
 * "text/html"} to markup ...), as in a {@code display_data} message and an nbformat output.
 *
 * @param data MIME type to content; always has {@code text/plain}
 * @param metadata per-type metadata, often empty
 */
public record MimeBundle(JsonObject data, JsonObject metadata) {

  public MimeBundle {
    Objects.requireNonNull(data, "data");
    metadata = metadata == null ? new JsonObject() : metadata;
  }

  /** A bundle with only {@code text/plain}. */
  public static MimeBundle text(String text) {
    JsonObject data = new JsonObject();
    data.addProperty("text/plain", text);
    return new MimeBundle(data, new JsonObject());
  }

  /** The text of {@code mimeType}, or null if the bundle has none or it is not text. */
  public String string(String mimeType) {
    JsonElement e = data.get(mimeType);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  /** As an nbformat {@code display_data} output. */
  JsonObject toOutput() {
    JsonObject out = new JsonObject();
    out.addProperty("output_type", "display_data");
    out.add("data", data.deepCopy());
    out.add("metadata", metadata.deepCopy());
    return out;
  }
}
