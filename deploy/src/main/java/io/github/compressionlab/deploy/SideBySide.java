package io.github.compressionlab.deploy;

import io.github.compressionlab.TableView;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.measure.FastestEngine;
import io.github.compressionlab.measure.Latency;
import io.github.compressionlab.measure.LatencyResult;
import io.github.compressionlab.nn.InferenceModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * One model on several engines, the lab's and ONNX Runtime's, timed side by side in one JVM on the
 * same test images: at each batch size one {@link Latency#sideBySide} run (every round calls each
 * engine once, in rotating order, so load from other processes falls on all alike), and every
 * figure and ratio this object shows comes from that one measurement. Ratios are against the
 * reference engine (ONNX Runtime float32 on one thread) of the same model and batch.
 *
 * <pre>{@code
 * SideBySide s = SideBySide.measure("student", List.of(
 *     SideBySide.Contender.lab("lab ND4J", "float32", "ND4J's", model, fileBytes), ...,
 *     SideBySide.Contender.onnxRuntime("float32", ortFloat, onnxBytes), ...),
 *     test, SideBySide.Settings.quick());
 * s.table();
 * }</pre>
 */
public final class SideBySide implements TableView {
  /**
   * One engine running the model.
   *
   * @param engine what shows in the table, e.g. {@code "lab plain Java"} or {@code "ORT float32"}
   * @param lab whether it is one of the lab's engines (else ONNX Runtime)
   * @param precision {@code "float32"} or {@code "int8"}
   * @param threads how many threads one call uses, as stated to the reader
   * @param model what is timed
   * @param fileBytes the size of the file this form is stored in (safetensors or ONNX)
   */
  public record Contender(
      String engine,
      boolean lab,
      String precision,
      String threads,
      InferenceModel model,
      long fileBytes) {
    /** One of the lab's engines. */
    public static Contender lab(
        String engine, String precision, String threads, InferenceModel model, long fileBytes) {
      return new Contender(engine, true, precision, threads, model, fileBytes);
    }

    /** A file running in ONNX Runtime. */
    public static Contender onnxRuntime(String precision, OnnxRuntimeModel model, long fileBytes) {
      return new Contender(
          "ORT " + precision + " (" + model.threads() + "T)",
          false,
          precision,
          Integer.toString(model.threads()),
          model,
          fileBytes);
    }

    boolean isReference() {
      return !lab && precision.equals("float32") && threads.equals("1");
    }
  }

  /**
   * How to time.
   *
   * @param batches batch sizes, e.g. 1 and 64
   * @param warmupExamples untimed examples per engine before timing (calls = this / batch)
   * @param warmupLimit the most time one engine's warm-up may take
   * @param batch1Rounds timed rounds at batch 1; larger batches get {@code max(20, this / batch)}
   */
  public record Settings(
      List<Integer> batches, int warmupExamples, Duration warmupLimit, int batch1Rounds) {
    public Settings {
      batches = List.copyOf(batches);
      if (batches.isEmpty() || batches.stream().anyMatch(b -> b < 1)) {
        throw new IllegalArgumentException("need batch sizes >= 1, got " + batches);
      }
      if (warmupExamples < 0 || batch1Rounds < 1) {
        throw new IllegalArgumentException(
            "need warmupExamples >= 0 and batch1Rounds >= 1, got "
                + warmupExamples
                + ", "
                + batch1Rounds);
      }
    }

    /** Batches 1 and 64, 2,000 warm-up examples (3 s at most), 1,000 rounds at batch 1. */
    public static Settings full() {
      return new Settings(List.of(1, 64), 2000, Duration.ofSeconds(3), 1000);
    }

    /** Batches 1 and 64, 1,000 warm-up examples (2 s at most), 300 rounds at batch 1. */
    public static Settings quick() {
      return new Settings(List.of(1, 64), 1000, Duration.ofSeconds(2), 300);
    }

    int rounds(int batch) {
      return batch == 1 ? batch1Rounds : Math.max(20, batch1Rounds / batch);
    }
  }

  /**
   * One engine at one batch size.
   *
   * @param vsReference median over the reference engine's median at the same batch
   */
  public record Row(Contender contender, int batch, LatencyResult latency, double vsReference) {}

  /**
   * The standard line-up for one model: the lab's float engines that run its plan ({@link
   * io.github.compressionlab.nn.Engines#supporting}, ND4J and the plain-Java engine), the lab's
   * integer engine on its int8 plan, and both exported to ONNX (written to {@code dir}) running in
   * ONNX Runtime on 1 and 2 threads.
   *
   * @param float32Bytes the size of the float model's file (safetensors)
   * @param int8Bytes the size of the int8 model's file
   */
  public static List<Contender> standard(
      String name,
      io.github.compressionlab.nn.ModelPlan float32,
      long float32Bytes,
      io.github.compressionlab.nn.ModelPlan int8,
      long int8Bytes,
      java.nio.file.Path dir) {
    List<Contender> out = new ArrayList<>();
    for (io.github.compressionlab.nn.Engine e :
        io.github.compressionlab.nn.Engines.supporting(float32)) {
      out.add(
          Contender.lab(
              "lab " + e.label(), "float32", labThreads(e), e.compile(float32), float32Bytes));
    }
    for (io.github.compressionlab.nn.Engine e :
        io.github.compressionlab.nn.Engines.supporting(int8)) {
      out.add(
          Contender.lab(
              "lab " + e.label() + " int8", "int8", labThreads(e), e.compile(int8), int8Bytes));
    }
    OnnxFile f = OnnxExport.write(float32, java.util.Map.of(), dir.resolve(name + "-float32.onnx"));
    OnnxFile q = OnnxExport.write(int8, java.util.Map.of(), dir.resolve(name + "-int8.onnx"));
    for (int threads : List.of(1, 2)) {
      out.add(Contender.onnxRuntime("float32", OnnxRuntimeModel.load(f, threads), f.bytes()));
    }
    for (int threads : List.of(1, 2)) {
      out.add(Contender.onnxRuntime("int8", OnnxRuntimeModel.load(q, threads), q.bytes()));
    }
    return out;
  }

  /** The threads a lab engine uses in one call, as the reader should be told. */
  private static String labThreads(io.github.compressionlab.nn.Engine e) {
    int cores = Runtime.getRuntime().availableProcessors();
    return switch (e.label()) {
      case "ND4J" -> "OpenMP (" + System.getenv().getOrDefault("OMP_NUM_THREADS", cores + "") + ")";
      case "integer" -> "1; from batch 16: " + cores;
      default -> "1";
    };
  }

  private final String model;
  private final List<Contender> contenders;
  private final List<Row> rows;

  private SideBySide(String model, List<Contender> contenders, List<Row> rows) {
    this.model = model;
    this.contenders = List.copyOf(contenders);
    this.rows = List.copyOf(rows);
  }

  /**
   * Times every contender at every batch size on images of {@code test} (consecutive slices, so
   * each call sees other images).
   *
   * @throws IllegalArgumentException without exactly one reference contender (ONNX Runtime float32
   *     on one thread)
   */
  public static SideBySide measure(
      String model, List<Contender> contenders, Dataset test, Settings settings) {
    long references = contenders.stream().filter(Contender::isReference).count();
    if (references != 1) {
      throw new IllegalArgumentException(
          "a side-by-side needs exactly one ONNX Runtime float32 engine on 1 thread as the"
              + " reference; got "
              + references);
    }
    List<InferenceModel> models = contenders.stream().map(Contender::model).toList();
    int ref = 0;
    while (!contenders.get(ref).isReference()) {
      ref++;
    }
    List<Row> rows = new ArrayList<>();
    for (int batch : settings.batches()) {
      int rounds = settings.rounds(batch);
      List<INDArray> inputs = new ArrayList<>();
      int slices = Math.max(1, Math.min(rounds, test.size() / batch));
      for (int r = 0; r < slices; r++) {
        int from = Math.floorMod(r * batch, Math.max(1, test.size() - batch));
        inputs.add(test.subset(from, from + batch).images());
      }
      List<LatencyResult> results =
          Latency.sideBySide(
              models,
              inputs,
              Math.max(1, settings.warmupExamples() / batch),
              settings.warmupLimit(),
              rounds);
      double reference = results.get(ref).medianMs();
      for (int i = 0; i < contenders.size(); i++) {
        rows.add(
            new Row(
                contenders.get(i), batch, results.get(i), results.get(i).medianMs() / reference));
      }
    }
    return new SideBySide(model, contenders, rows);
  }

  /** The model's name. */
  public String model() {
    return model;
  }

  /** Every engine at every batch, batch by batch in contender order. */
  public List<Row> rows() {
    return rows;
  }

  /** The row of {@code engine} at {@code batch}. */
  public Row row(String engine, int batch) {
    return rows.stream()
        .filter(r -> r.contender().engine().equals(engine) && r.batch() == batch)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no row for engine '"
                        + engine
                        + "' at batch "
                        + batch
                        + "; engines are "
                        + contenders.stream().map(Contender::engine).toList()));
  }

  /** The reference row (ONNX Runtime float32, one thread) at {@code batch}. */
  public Row reference(int batch) {
    return rows.stream()
        .filter(r -> r.batch() == batch && r.contender().isReference())
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("batch " + batch + " was not measured"));
  }

  /**
   * The fastest of the lab's engines of {@code precision} at {@code batch}, by the one rule of
   * {@link FastestEngine#fastest} applied to this measurement.
   */
  public Row fastestLab(String precision, int batch) {
    return fastest(batch, c -> c.lab() && c.precision().equals(precision));
  }

  /** The fastest ONNX Runtime configuration of {@code precision} at {@code batch}. */
  public Row fastestOnnxRuntime(String precision, int batch) {
    return fastest(batch, c -> !c.lab() && c.precision().equals(precision));
  }

  private Row fastest(int batch, java.util.function.Predicate<Contender> which) {
    List<Row> candidates =
        rows.stream().filter(r -> r.batch() == batch && which.test(r.contender())).toList();
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("no such engine measured at batch " + batch);
    }
    return candidates.get(FastestEngine.fastest(candidates.stream().map(Row::latency).toList()));
  }

  /**
   * One row per engine: side, precision, threads, file bytes, and for each batch the median and p90
   * in µs and the ratio against ONNX Runtime float32 (1 thread).
   */
  @Override
  public Table table() {
    StringColumn engine = StringColumn.create("engine");
    StringColumn threads = StringColumn.create("threads");
    LongColumn bytes = LongColumn.create("file bytes");
    for (Contender c : contenders) {
      engine.append(c.engine());
      threads.append(c.threads());
      bytes.append(c.fileBytes());
    }
    Table t = Table.create(model + ": latency side by side (µs; × ORT float32, 1 thread)");
    t.addColumns(engine, threads, bytes);
    List<Integer> batches = rows.stream().map(Row::batch).distinct().toList();
    for (int b : batches) {
      DoubleColumn med = DoubleColumn.create("batch " + b + " median");
      DoubleColumn p90 = DoubleColumn.create("batch " + b + " p90");
      DoubleColumn ratio = DoubleColumn.create("batch " + b + " ×");
      for (Row r : rows) {
        if (r.batch() == b) {
          med.append(round(1000 * r.latency().medianMs(), 1));
          p90.append(round(1000 * r.latency().p90Ms(), 1));
          ratio.append(round(r.vsReference(), 2));
        }
      }
      t.addColumns(med, p90, ratio);
    }
    return t;
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(model).append(':');
    for (Row r : rows) {
      s.append(
          String.format(
              Locale.ROOT,
              " %s b%d %.1f µs (%.2fx);",
              r.contender().engine(),
              r.batch(),
              1000 * r.latency().medianMs(),
              r.vsReference()));
    }
    return s.toString();
  }
}
