package io.github.compressionlab.bench;

import io.github.compressionlab.Profile;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.data.FashionMnist;
import io.github.compressionlab.io.ModelCache;
import io.github.compressionlab.measure.Comparison;
import io.github.compressionlab.measure.Latency;
import io.github.compressionlab.measure.LatencyResult;
import io.github.compressionlab.models.Teacher;
import io.github.compressionlab.nn.Evaluation;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.JavaEngine;
import io.github.compressionlab.nn.ReferenceModels;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;
import io.github.compressionlab.quant.QuantComparison;
import io.github.compressionlab.quant.half.HalfPrecision;
import io.github.compressionlab.quant.integer.QuantizedModel;
import io.github.compressionlab.quant.scheme.ActivationRanges;
import io.github.compressionlab.quant.scheme.Calibrator;
import io.github.compressionlab.quant.scheme.Qat;
import io.github.compressionlab.quant.scheme.QuantScheme;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Quantization targets of issue 5: int8 post-training quantization of the teacher CNN and of
 * LeNet-300-100 (accuracy loss ≤ 0.5 points, file ≤ 26% of float32), int4 with QAT (loss ≤ 1.5
 * points, file ≤ 14%), and int8 latency at batch 1 ≤ 0.5× the float32 model on ND4J (batch 64
 * reported too; the float32 side is the faster of ND4J and {@link JavaEngine}, measured side by
 * side with the int8 model). Prints the comparison tables and one line per target. The int8 kernels
 * use the JDK Vector API: run with {@code --add-modules jdk.incubator.vector}, else they fall back
 * to plain loops, about 4x slower.
 *
 * <p>Usage: {@code QuantBench [--quick] [--only lenet|teacher]} ({@code --help} lists the options).
 * The full run uses the whole test set and the cached teacher ({@link Teacher#load()}, trained on
 * first use); {@code --quick} (or {@code LAB_PROFILE=quick}) uses the quick teacher, 2,000 test
 * images and short QAT.
 */
@Command(
    name = "quant",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = {
      "int8 PTQ and int4 QAT of LeNet-300-100 and the teacher CNN: accuracy, agreement, file size"
          + " and batch-1/64 latency against float32, one line per target."
    })
public final class QuantBench implements Callable<Integer> {
  /** How the bench's LeNet-300-100 is trained (and cached). */
  static final long SEED = 42;

  /** The models the bench can run. */
  enum Model {
    lenet,
    teacher
  }

  @Option(
      names = "--quick",
      description = "quick teacher, 2,000 test images, short QAT (also LAB_PROFILE=quick)")
  boolean quick = Profile.current() == Profile.QUICK;

  @Option(
      names = "--only",
      paramLabel = "MODEL",
      description = "run one model only: ${COMPLETION-CANDIDATES}")
  Model only;

  public static void main(String[] args) {
    Cli.main(new QuantBench(), args);
  }

  @Override
  public Integer call() {
    if (quick) {
      System.setProperty("lab.profile", "quick");
    }
    Dataset train = FashionMnist.train();
    Dataset test = quick ? FashionMnist.test().subset(0, 2000) : FashionMnist.test();
    Dataset calibration = train.sample(quick ? 500 : 2000, SEED);
    Dataset qatData = train.sample(quick ? 2000 : 30_000, SEED + 1);
    System.out.printf(
        Locale.ROOT,
        "profile %s: %,d test images, %,d calibration images, QAT on %,d images; %d cores,"
            + " load average %.1f (latencies are only comparable on an idle machine)%n",
        Profile.current().id(),
        test.size(),
        calibration.size(),
        qatData.size(),
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    if (only == null || only == Model.lenet) {
      Sequential lenet = lenet(train, quick);
      run("LeNet-300-100", lenet, test, calibration, qatData, quick);
    }
    if (only == null || only == Model.teacher) {
      Sequential teacher = Teacher.load().model();
      run("teacher CNN", teacher, test, calibration, qatData, quick);
    }
    return 0;
  }

  /** LeNet-300-100 trained with seed 42 (10 epochs; quick: 1 epoch on 10,000), cached. */
  static Sequential lenet(Dataset train, boolean quick) {
    Sequential arch = ReferenceModels.lenet300100(SEED);
    String key = ModelCache.key("lenet300100", arch, SEED) + (quick ? "-e1-n10000" : "-e10");
    return ModelCache.loadOrTrain(
        key,
        () -> {
          Sequential m = ReferenceModels.lenet300100(SEED);
          Dataset data = quick ? train.subset(0, 10_000) : train;
          new Trainer(
                  m,
                  TrainingConfig.builder()
                      .learningRate(1e-3)
                      .epochs(quick ? 1 : 10)
                      .batchSize(128)
                      .seed(SEED)
                      .build())
              .fit(data);
          return m;
        });
  }

  private static void run(
      String name,
      Sequential model,
      Dataset test,
      Dataset calibration,
      Dataset qatData,
      boolean quick) {
    System.out.printf(Locale.ROOT, "%n== %s: %,d params ==%n", name, model.paramCount());
    // calibration methods, int8 accuracy only
    ActivationRanges best = null;
    double bestAcc = -1;
    for (Calibrator c :
        List.of(Calibrator.minMax(), Calibrator.percentile(99.99), Calibrator.mse(8))) {
      long t0 = System.nanoTime();
      ActivationRanges r = c.calibrate(model, calibration);
      double acc =
          Evaluation.of(QuantizedModel.quantize(model, QuantScheme.weights(8), r), calibration)
              .accuracy();
      System.out.printf(
          Locale.ROOT,
          "calibration %-16s int8 accuracy on the calibration images %.2f%% (%.1f s)%n",
          c.name(),
          100 * acc,
          (System.nanoTime() - t0) / 1e9);
      if (acc > bestAcc) {
        bestAcc = acc;
        best = r;
      }
    }
    System.out.println("using " + best.method() + " (best on the calibration images)");
    QuantizedModel int8 = QuantizedModel.quantize(model, QuantScheme.weights(8), best);
    QuantizedModel int4 = QuantizedModel.quantize(model, QuantScheme.weights(4), best);
    long t0 = System.nanoTime();
    Qat.Settings settings =
        Qat.Settings.of(QuantScheme.weights(4)).withEpochs(quick ? 1 : 2).withLearningRate(1e-4);
    Sequential tuned = Qat.fineTune(model, qatData, settings, false);
    QuantizedModel int4qat =
        QuantizedModel.quantize(
            tuned, QuantScheme.weights(4), Calibrator.minMax().calibrate(tuned, calibration));
    System.out.printf(
        Locale.ROOT,
        "QAT: %d epoch(s) on %,d images in %.0f s%n",
        settings.training().epochs(),
        qatData.size(),
        (System.nanoTime() - t0) / 1e9);

    Sequential f16 = HalfPrecision.round(model, HalfPrecision.Format.F16);
    QuantComparison c =
        new QuantComparison(model, test, new Comparison.LatencySettings(64, 20, quick ? 30 : 100));
    c.add(
        "float16 storage",
        f16,
        HalfPrecision.fileBytes(model, HalfPrecision.Format.F16),
        model.paramCount());
    c.add("int8 PTQ", int8);
    c.add("int4 PTQ", int4);
    c.add("int4 QAT", int4qat);
    System.out.println(c.table().printAll());
    System.out.printf(
        Locale.ROOT,
        "float16 rounding error: %s%n",
        HalfPrecision.error(model, HalfPrecision.Format.F16));

    var rows = c.rows();
    var f = rows.get(0);
    var i8 = rows.get(2);
    var i4 = rows.get(4);
    double d8 = 100 * (f.accuracy() - i8.accuracy());
    double d4 = 100 * (f.accuracy() - i4.accuracy());
    double r8 = (double) i8.fileBytes() / f.fileBytes();
    double r4 = (double) i4.fileBytes() / f.fileBytes();
    double l1 = sideBySide(name, model, int8, test, 1, quick ? 300 : 1000);
    double l64 = sideBySide(name, model, int8, test, 64, quick ? 20 : 60);
    target(name, "int8 PTQ accuracy loss", d8, "pt", d8 <= 0.5, "<= 0.5");
    target(name, "int8 file / float32", 100 * r8, "%", r8 <= 0.26, "<= 26");
    target(name, "int4 QAT accuracy loss", d4, "pt", d4 <= 1.5, "<= 1.5");
    target(name, "int4 file / float32", 100 * r4, "%", r4 <= 0.14, "<= 14");
    target(name, "int8 / fastest float32, batch 1", l1, "x", l1 <= 0.5, "<= 0.5");
    target(name, "int8 / fastest float32, batch 64", l64, "x", l64 <= 0.5, "<= 0.5 (reported)");
  }

  /**
   * Latency of the float model on both of the lab's float engines (ND4J, and {@link JavaEngine}'s
   * plain Java) and of the int8 model, measured side by side: every round runs the three on the
   * same images in turn, so load from other processes falls on all of them alike ({@link
   * Latency#sideBySide}). Warms up until the JIT has compiled the kernels (the int8 kernels use the
   * Vector API, which is slow until C2 compiles it): up to 2,000 calls or 3 s per engine. Prints
   * the medians; returns int8 / the faster float engine.
   */
  static double sideBySide(
      String name, Sequential model, QuantizedModel int8, Dataset test, int batch, int rounds) {
    List<InferenceModel> engines = List.of(model, JavaEngine.of(model), int8);
    String[] labels = {"float32 ND4J", "float32 plain Java", "int8"};
    List<INDArray> inputs = new ArrayList<>();
    for (int r = 0; r < Math.max(rounds, 2000 / batch); r++) {
      int from = Math.floorMod(r * batch, test.size() - batch);
      inputs.add(test.subset(from, from + batch).images());
    }
    List<LatencyResult> results =
        Latency.sideBySide(engines, inputs, 2000 / batch, Duration.ofSeconds(3), rounds);
    double[] med = new double[engines.size()];
    for (int e = 0; e < med.length; e++) {
      med[e] = 1000 * results.get(e).medianMs();
    }
    double fastest = Math.min(med[0], med[1]);
    System.out.printf(
        Locale.ROOT,
        "%-14s batch %2d, side by side, median of %d: %s %.1f µs | %s %.1f µs | %s %.1f µs"
            + " = %.2fx ND4J, %.2fx plain Java%n",
        name,
        batch,
        rounds,
        labels[0],
        med[0],
        labels[1],
        med[1],
        labels[2],
        med[2],
        med[2] / med[0],
        med[2] / med[1]);
    return med[2] / fastest;
  }

  private static void target(
      String model, String what, double value, String unit, boolean met, String goal) {
    System.out.printf(
        Locale.ROOT,
        "%-14s %-34s %8.3f %-2s target %-18s %s%n",
        model,
        what,
        value,
        unit,
        goal,
        met ? "MET" : "MISSED");
  }
}
