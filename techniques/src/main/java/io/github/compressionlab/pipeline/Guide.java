package io.github.compressionlab.pipeline;

import io.github.compressionlab.TableView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The course's "when to use what" table, with a measured example in every row: each pipeline step
 * gives the row of its technique (what it changed against the step before), and {@link #add} puts
 * in techniques measured elsewhere (a NAS winner, Deep Compression).
 */
public final class Guide implements TableView {
  private final List<String[]> rows = new ArrayList<>();

  private Guide() {}

  /** When to use each technique, in the course's words. */
  public static String whenToUse(String technique) {
    return switch (technique) {
      case "distillation" -> "you have a big accurate model and want a small one to learn from it";
      case "structured pruning" -> "you need speed on ordinary hardware: whole filters go away";
      case "weight pruning" -> "the model is over-parameterised and storage matters most";
      case "quantization" -> "you need 4x smaller files and integer arithmetic, fast";
      case Steps.WEIGHT_ONLY -> "integer kernels are slower than float ones on your CPU at your"
          + " batch size: ship the int8 file, compute in float";
      case "neural architecture search" -> "you design a new model for a budget and can spend"
          + " compute on the search";
      case "Deep Compression" -> "download size is what counts (apps, updates over the air)";
      default -> "";
    };
  }

  /** One row per step of {@code result}, with what that step changed against the one before. */
  public static Guide from(Pipeline.Result result) {
    Guide g = new Guide();
    List<Pipeline.Row> rows = result.rows();
    for (int i = 1; i < rows.size(); i++) {
      Pipeline.Row before = rows.get(i - 1);
      Pipeline.Row after = rows.get(i);
      String example =
          String.format(
              Locale.ROOT,
              "%s: %,.1f → %,.1f KB (%.1fx), %.3f → %.3f ms, %.2f%% → %.2f%%",
              after.step(),
              before.fileBytes() / 1024.0,
              after.fileBytes() / 1024.0,
              (double) before.fileBytes() / after.fileBytes(),
              before.latencyMs(),
              after.latencyMs(),
              100 * before.accuracy(),
              100 * after.accuracy());
      g.add(after.technique(), example);
    }
    return g;
  }

  /** Adds a row for {@code technique} with a measured {@code example}. */
  public Guide add(String technique, String example) {
    rows.add(new String[] {technique, whenToUse(technique), example});
    return this;
  }

  @Override
  public Table table() {
    StringColumn technique = StringColumn.create("technique");
    StringColumn when = StringColumn.create("use it when");
    StringColumn example = StringColumn.create("measured here");
    for (String[] r : rows) {
      technique.append(r[0]);
      when.append(r[1]);
      example.append(r[2]);
    }
    return Table.create("When to use what", technique, when, example);
  }
}
