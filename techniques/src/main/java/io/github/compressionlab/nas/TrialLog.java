package io.github.compressionlab.nas;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An append-only JSON-lines record of a search: a header line naming the search (strategy, seed,
 * batch size, space), then one line per finished trial in the order trials finished. The file is
 * only ever opened for appending, one whole line per write, so an interruption loses at most the
 * trials still running. {@link #open} reads an existing log back and refuses (with the file and
 * line) one that is corrupt or was written by a different search; it never rewrites or truncates.
 */
public final class TrialLog {
  /** The header's {@code format} value. */
  public static final String FORMAT = "compression-lab/nas-log/1";

  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();
  private static final List<String> TRIAL_FIELDS =
      List.of(
          "index",
          "architecture",
          "seed",
          "epochs",
          "params",
          "flops",
          "bytes",
          "latencyMs",
          "validationAccuracy",
          "seconds");

  /** What identifies a search: a log is only resumed by a search with the same header. */
  public record Header(String format, String strategy, long seed, int batchSize, String space) {}

  private final Path file;
  private final Map<Integer, Trial> trials;

  private TrialLog(Path file, Map<Integer, Trial> trials) {
    this.file = file;
    this.trials = trials;
  }

  /**
   * Opens the log at {@code file} for the search described by {@code header}: reads the trials of
   * an existing log, or creates the file with the header line.
   *
   * @throws IllegalArgumentException naming the file and line if the log is corrupt, not a trial
   *     log, or was written by a search with another header
   */
  public static TrialLog open(Path file, Header header) {
    try {
      if (!Files.exists(file) || Files.size(file) == 0) {
        if (file.getParent() != null) {
          Files.createDirectories(file.getParent());
        }
        append(file, GSON.toJson(withKind("header", GSON.toJsonTree(header))));
        return new TrialLog(file, new LinkedHashMap<>());
      }
      return new TrialLog(file, read(file, header));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not open the trial log " + file + ": " + e.getMessage(), e);
    }
  }

  /** The trials read back when the log was opened, by index. */
  public Map<Integer, Trial> trials() {
    return new LinkedHashMap<>(trials);
  }

  public Path file() {
    return file;
  }

  /** Appends one trial as one line. Safe to call from several threads. */
  public synchronized void append(Trial t) {
    try {
      append(file, GSON.toJson(withKind("trial", GSON.toJsonTree(t))));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not append trial " + t.index() + " to " + file + ": " + e.getMessage(), e);
    }
  }

  private static void append(Path file, String json) throws IOException {
    // One write of the whole line; APPEND never truncates what is there.
    Files.write(
        file,
        (json + "\n").getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
  }

  private static JsonObject withKind(String kind, JsonElement body) {
    JsonObject o = new JsonObject();
    o.addProperty("kind", kind);
    body.getAsJsonObject().entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
    return o;
  }

  /** Reads and checks every line of an existing log. */
  static Map<Integer, Trial> read(Path file, Header expected) throws IOException {
    return parse(Files.readAllBytes(file), expected, file.toString());
  }

  /**
   * The trials of a log's bytes; {@code file} names it in error messages.
   *
   * @throws IllegalArgumentException naming the file and line, as {@link #open} does
   */
  static Map<Integer, Trial> parse(byte[] bytes, Header expected, String file) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    if (!text.endsWith("\n")) {
      throw error(
          file,
          lines.length,
          "the last line is incomplete (no line end); the run writing it was probably killed"
              + " mid-write. Remove that line by hand to resume, or use a new log file");
    }
    Map<Integer, Trial> trials = new LinkedHashMap<>();
    for (int i = 0; i < lines.length - 1; i++) {
      int lineNo = i + 1;
      JsonObject o = parseObject(file, lineNo, lines[i]);
      String kind =
          o.has("kind") && o.get("kind").isJsonPrimitive() ? o.get("kind").getAsString() : null;
      if (i == 0) {
        if (!"header".equals(kind) || !o.has("format") || !FORMAT.equals(string(o, "format"))) {
          throw error(
              file,
              lineNo,
              "not a search trial log (the first line must be a header with format \""
                  + FORMAT
                  + "\"); pass a new file name rather than overwrite this file");
        }
        Header found;
        try {
          found = GSON.fromJson(o, Header.class);
        } catch (RuntimeException e) {
          // Gson reports a value that does not bind (a string for a number, a record whose
          // constructor refuses it) with several unchecked types
          throw error(file, lineNo, "unreadable header: " + e.getMessage());
        }
        checkHeader(file, found, expected);
        continue;
      }
      if (!"trial".equals(kind)) {
        throw error(file, lineNo, "expected a trial line (\"kind\":\"trial\"), got kind " + kind);
      }
      for (String f : TRIAL_FIELDS) {
        if (!o.has(f) || o.get(f).isJsonNull()) {
          throw error(file, lineNo, "the trial has no \"" + f + "\"");
        }
      }
      Trial t;
      try {
        t = GSON.fromJson(o, Trial.class);
      } catch (RuntimeException e) { // as for the header
        throw error(file, lineNo, "unreadable trial: " + e.getMessage());
      }
      if (t.architecture() == null || t.index() < 0) {
        throw error(file, lineNo, "the trial has no architecture or a negative index");
      }
      if (trials.putIfAbsent(t.index(), t) != null) {
        throw error(file, lineNo, "trial " + t.index() + " appears twice");
      }
    }
    if (lines.length < 2) {
      throw error(file, 1, "the log has no header line");
    }
    return trials;
  }

  private static void checkHeader(String file, Header found, Header expected) {
    if (Objects.equals(found, expected)) {
      return;
    }
    StringBuilder diff = new StringBuilder();
    if (!Objects.equals(found.strategy(), expected.strategy())) {
      diff.append(" strategy ")
          .append(found.strategy())
          .append(" vs ")
          .append(expected.strategy())
          .append(';');
    }
    if (found.seed() != expected.seed()) {
      diff.append(" seed ").append(found.seed()).append(" vs ").append(expected.seed()).append(';');
    }
    if (found.batchSize() != expected.batchSize()) {
      diff.append(" threads ")
          .append(found.batchSize())
          .append(" vs ")
          .append(expected.batchSize())
          .append(';');
    }
    if (!Objects.equals(found.space(), expected.space())) {
      diff.append(" search space ")
          .append(found.space())
          .append(" vs ")
          .append(expected.space())
          .append(';');
    }
    throw error(
        file,
        1,
        "the log was written by a different search (logged vs now:"
            + diff
            + ") so it cannot be resumed; use the same settings or a new log file");
  }

  private static String string(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  private static JsonObject parseObject(String file, int lineNo, String line) {
    JsonElement e;
    try {
      e = JsonParser.parseString(line);
    } catch (JsonParseException ex) {
      throw error(file, lineNo, "not valid JSON (" + ex.getMessage() + ")");
    }
    if (e == null || !e.isJsonObject()) {
      throw error(file, lineNo, "expected a JSON object, got: " + abbreviate(line));
    }
    return e.getAsJsonObject();
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  private static IllegalArgumentException error(String file, int line, String what) {
    return new IllegalArgumentException(
        "trial log " + file + ", line " + line + ": " + what + ". The log was left unchanged.");
  }
}
