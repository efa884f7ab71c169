package io.github.compressionlab.pipeline;

import io.github.compressionlab.TableView;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.measure.FastestEngine;
import io.github.compressionlab.nn.Evaluation;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.viz.Numbers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What each technique bought, one row per technique: the model it started from and the one it made,
 * with the file size, batch-1 latency and accuracy change between them. {@link #of} gives a row per
 * pipeline step (each against the step before); {@link #add} puts in models measured elsewhere
 * (Deep Compression, a NAS winner, a student trained without its teacher).
 */
public final class Recap implements TableView {

  /**
   * One measured model.
   *
   * @param fileBytes bytes of its file, at least 1
   * @param latencyMs batch-1 median latency, in milliseconds, &gt; 0
   * @param accuracy test accuracy in [0, 1]
   */
  public record Model(String name, long fileBytes, double latencyMs, double accuracy) {
    public Model {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a model in the recap needs a name");
      }
      if (fileBytes < 1) {
        throw new IllegalArgumentException(
            "file size of '" + name + "' must be at least 1 byte, got " + fileBytes);
      }
      if (!(latencyMs > 0) || Double.isInfinite(latencyMs)) {
        throw new IllegalArgumentException(
            "latency of '"
                + name
                + "' must be a positive number of milliseconds, got "
                + latencyMs);
      }
      if (!(accuracy >= 0 && accuracy <= 1)) {
        throw new IllegalArgumentException(
            "accuracy of '" + name + "' is a fraction in [0, 1] (0.91 for 91%), got " + accuracy);
      }
    }

    /** A pipeline's row, named by its step. */
    public static Model of(Pipeline.Row row) {
      Objects.requireNonNull(row, "row");
      return new Model(row.step(), row.fileBytes(), row.latencyMs(), row.accuracy());
    }

    /**
     * The lab model in {@code file}: its size, its accuracy on {@code test} and its batch-1 median
     * latency on the fastest engine (300 warm-up calls, 200 timed), as a pipeline measures a row.
     */
    public static Model measure(String name, Path file, Dataset test) {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(test, "test");
      try {
        Sequential m = ModelFile.load(file);
        return new Model(
            name,
            Files.size(file),
            FastestEngine.of(m.plan(), 1, 300, 200).latency().medianMs(),
            Evaluation.of(m, test).accuracy());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the size of " + file, e);
      }
    }
  }

  private record Entry(String technique, Model before, Model after) {}

  private final List<Entry> entries = new ArrayList<>();

  private Recap() {}

  /** An empty recap; add rows with {@link #add}. */
  public static Recap empty() {
    return new Recap();
  }

  /** One row per step of {@code result}: its technique, the step before against the step. */
  public static Recap of(Pipeline.Result result) {
    Objects.requireNonNull(result, "result");
    Recap r = new Recap();
    List<Pipeline.Row> rows = result.rows();
    for (int i = 1; i < rows.size(); i++) {
      r.add(rows.get(i).technique(), Model.of(rows.get(i - 1)), Model.of(rows.get(i)));
    }
    return r;
  }

  /** Adds what {@code technique} made of {@code before}: {@code after}. */
  public Recap add(String technique, Model before, Model after) {
    if (technique == null || technique.isBlank()) {
      throw new IllegalArgumentException("a recap row needs the technique's name");
    }
    entries.add(
        new Entry(
            technique,
            Objects.requireNonNull(before, "before"),
            Objects.requireNonNull(after, "after")));
    return this;
  }

  /** Adds a row between two measured pipeline rows (of the same or different runs). */
  public Recap add(String technique, Pipeline.Row before, Pipeline.Row after) {
    return add(technique, Model.of(before), Model.of(after));
  }

  /** The number of rows. */
  public int size() {
    return entries.size();
  }

  /**
   * Technique, from → to, the new model's file KB and its ratio to the old one's (x smaller), its
   * batch-1 latency and ratio (x faster at batch 1), and the accuracy change in points.
   */
  @Override
  public Table table() {
    StringColumn technique = StringColumn.create("technique");
    StringColumn models = StringColumn.create("from → to");
    DoubleColumn kb = DoubleColumn.create("file KB");
    DoubleColumn smaller = DoubleColumn.create("x smaller");
    DoubleColumn ms = DoubleColumn.create("batch-1 ms");
    DoubleColumn faster = DoubleColumn.create("x faster (batch 1)");
    DoubleColumn points = DoubleColumn.create("accuracy change (points)");
    for (Entry e : entries) {
      technique.append(e.technique());
      models.append(e.before().name() + " → " + e.after().name());
      kb.append(Numbers.round(e.after().fileBytes() / 1024.0, 1));
      smaller.append(Numbers.round((double) e.before().fileBytes() / e.after().fileBytes(), 2));
      ms.append(Numbers.round(e.after().latencyMs(), 3));
      faster.append(Numbers.round(e.before().latencyMs() / e.after().latencyMs(), 2));
      points.append(Numbers.round(100 * (e.after().accuracy() - e.before().accuracy()), 2));
    }
    return Table.create(
        "What each technique bought", technique, models, kb, smaller, ms, faster, points);
  }
}
