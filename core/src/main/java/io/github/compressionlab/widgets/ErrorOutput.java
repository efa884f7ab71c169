package io.github.compressionlab.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * An exception as a notebook shows it: the exception's name, its message and the traceback lines.
 */
public record ErrorOutput(String ename, String evalue, List<String> traceback) {

  public ErrorOutput {
    ename = ename == null ? "Error" : ename;
    evalue = evalue == null ? "" : evalue;
    traceback = List.copyOf(traceback);
  }

  /** As an nbformat {@code error} output. */
  JsonObject toOutput() {
    JsonObject out = new JsonObject();
    out.addProperty("output_type", "error");
    out.addProperty("ename", ename);
    out.addProperty("evalue", evalue);
    JsonArray lines = new JsonArray();
    traceback.forEach(lines::add);
    out.add("traceback", lines);
    return out;
  }
}
