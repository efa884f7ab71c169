package io.github.compressionlab.bench;

import io.github.compressionlab.Profile;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.data.FashionMnist;
import io.github.compressionlab.deploy.SideBySide;
import io.github.compressionlab.io.ModelCache;
import io.github.compressionlab.measure.ModelStats;
import io.github.compressionlab.models.Teacher;
import io.github.compressionlab.nn.ReferenceModels;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;
import io.github.compressionlab.pipeline.Pipeline;
import io.github.compressionlab.quant.integer.QuantizedModel;
import io.github.compressionlab.quant.scheme.Calibrator;
import io.github.compressionlab.quant.scheme.QuantScheme;
import io.github.compressionlab.viz.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The lab's engines against ONNX Runtime in one JVM, on the same test images (issue 19): for
 * LeNet-300-100, the small CNN, the teacher and the pipeline's final student, at batch 1 and 64,
 * the lab's ND4J path, its plain-Java engine and its int8 engine, and the model exported to ONNX
 * (float32 and int8 QDQ) running in ONNX Runtime on 1 and 2 threads. One {@link SideBySide}
 * measurement per model and batch feeds its table and every line below it: medians, p90s, every
 * ratio against ONNX Runtime float32 (1 thread) of the same model, and the file sizes. Targets at
 * batch 1: the lab's fastest float engine ≤ 1.0x ONNX Runtime float32 on LeNet-300-100 and the
 * small CNN; the lab's int8 engine no slower than the lab's fastest float engine on the teacher
 * (stretch ≤ 0.5x); ONNX Runtime int8 against float32 on the teacher, reported whatever it shows.
 *
 * <p>int8 models are post-training quantized with min-max calibration on 1,000 training images
 * (per-channel weights); the student's is the pipeline's own last step. Usage: {@code DeployBench
 * [--quick] [--only lenet,cnn,teacher,student]}.
 */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = {
      "LeNet-300-100, the small CNN, the teacher and the pipeline's student on the lab's engines"
          + " and in ONNX Runtime (float32, int8; 1 and 2 threads), batch 1 and 64, side by side."
    })
public final class DeployBench implements Callable<Integer> {
  static final long SEED = 42;

  /** The models the bench can run. */
  enum Model {
    lenet,
    cnn,
    teacher,
    student
  }

  @Option(
      names = "--quick",
      description = "quick models, 2,000 test images, shorter timing (also LAB_PROFILE=quick)")
  boolean quick = Profile.current() == Profile.QUICK;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "MODEL",
      description = "run only these models: ${COMPLETION-CANDIDATES}")
  Set<Model> only = EnumSet.allOf(Model.class);

  public static void main(String[] args) {
    Cli.main(new DeployBench(), args);
  }

  @Override
  public Integer call() throws IOException {
    if (quick) {
      System.setProperty("lab.profile", "quick");
    }
    Dataset train = FashionMnist.train();
    Dataset test = quick ? FashionMnist.test().subset(0, 2000) : FashionMnist.test();
    Dataset calibration = train.sample(1000, SEED);
    SideBySide.Settings settings = quick ? SideBySide.Settings.quick() : SideBySide.Settings.full();
    Path dir = Files.createTempDirectory("deploy-bench-");
    System.out.printf(
        Locale.ROOT,
        "profile %s: %,d test images; %d cores, load average %.1f (latencies are only comparable"
            + " on an idle machine); JDK %s; ONNX Runtime Java (CPU), sequential, one inter-op"
            + " thread, no spinning; OMP_WAIT_POLICY=%s (./lab sets passive: spinning OpenMP"
            + " threads of ND4J slow down every engine timed after them); files in %s%n",
        Profile.current().id(),
        test.size(),
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.version(),
        System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset"),
        dir);
    if (only.contains(Model.lenet)) {
      Sequential lenet = QuantBench.lenet(train, quick);
      run("LeNet-300-100", lenet, ptq(lenet, calibration), test, settings, dir, true, false);
    }
    if (only.contains(Model.cnn)) {
      Sequential cnn = smallCnn(train, quick);
      run("small CNN", cnn, ptq(cnn, calibration), test, settings, dir, true, false);
    }
    if (only.contains(Model.teacher)) {
      Sequential teacher = Teacher.load().model();
      run("teacher CNN", teacher, ptq(teacher, calibration), test, settings, dir, false, true);
    }
    if (only.contains(Model.student)) {
      PipelineBench p = new PipelineBench();
      p.quick = quick;
      System.out.printf(
          Locale.ROOT, "%nrunning the pipeline (PipelineBench's defaults) for its student%n");
      Pipeline.Result r =
          p.pipeline(test)
              .run(
                  "teacher",
                  Teacher.load(Teacher.Recipe.of(quick ? Profile.QUICK : Profile.FULL)).model());
      Pipeline.Row quantized = r.byTechnique("quantization");
      Pipeline.Row before = r.rows().get(r.rows().indexOf(quantized) - 1); // the last float model
      QuantizedModel int8 = (QuantizedModel) quantized.artifact().runnable();
      Sequential student = before.artifact().requireFloat("deploy bench");
      run(
          "pipeline student",
          student,
          int8,
          before.fileBytes(),
          quantized.fileBytes(),
          test,
          settings,
          dir,
          false,
          false);
    }
    return 0;
  }

  private static QuantizedModel ptq(Sequential model, Dataset calibration) {
    return QuantizedModel.quantize(
        model, QuantScheme.weights(8), Calibrator.minMax().calibrate(model, calibration));
  }

  /** The small CNN (seed 42; 3 epochs, quick: 1 epoch on 10,000 images), cached. */
  static Sequential smallCnn(Dataset train, boolean quick) {
    Sequential arch = ReferenceModels.smallCnn(SEED);
    String key = ModelCache.key("smallcnn", arch, SEED) + (quick ? "-e1-n10000" : "-e3");
    return ModelCache.loadOrTrain(
        key,
        () -> {
          Sequential m = ReferenceModels.smallCnn(SEED);
          new Trainer(
                  m,
                  TrainingConfig.builder()
                      .learningRate(1e-3)
                      .epochs(quick ? 1 : 3)
                      .batchSize(128)
                      .seed(SEED)
                      .build())
              .fit(quick ? train.subset(0, 10_000) : train);
          return m;
        });
  }

  private static void run(
      String name,
      Sequential model,
      QuantizedModel int8,
      Dataset test,
      SideBySide.Settings settings,
      Path dir,
      boolean floatTarget,
      boolean int8Target) {
    run(
        name,
        model,
        int8,
        ModelStats.fileBytes(model),
        int8.fileBytes(),
        test,
        settings,
        dir,
        floatTarget,
        int8Target);
  }

  private static void run(
      String name,
      Sequential model,
      QuantizedModel int8,
      long floatBytes,
      long int8Bytes,
      Dataset test,
      SideBySide.Settings settings,
      Path dir,
      boolean floatTarget,
      boolean int8Target) {
    System.out.printf(Locale.ROOT, "%n== %s: %,d params ==%n", name, model.paramCount());
    List<SideBySide.Contender> contenders =
        SideBySide.standard(
            name.replace(' ', '-'), model.plan(), floatBytes, int8.plan(), int8Bytes, dir);
    SideBySide s;
    try {
      s = SideBySide.measure(name, contenders, test, settings);
    } finally {
      for (SideBySide.Contender c : contenders) {
        if (c.model() instanceof AutoCloseable a) {
          try {
            a.close();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    System.out.println(Tables.toText(s.table()));
    for (int batch : settings.batches()) {
      SideBySide.Row ref = s.reference(batch);
      SideBySide.Row lab = s.fastestLab("float32", batch);
      SideBySide.Row labInt8 = s.fastestLab("int8", batch);
      SideBySide.Row ortFloat = s.fastestOnnxRuntime("float32", batch);
      SideBySide.Row ortInt8 = s.fastestOnnxRuntime("int8", batch);
      SideBySide.Row ortInt8One = s.row("ORT int8 (1T)", batch);
      double floatRatio = lab.vsReference();
      String goal = batch == 1 && floatTarget ? target(floatRatio <= 1.0, "<= 1.0x") : "(reported)";
      System.out.printf(
          Locale.ROOT,
          "%-16s batch %2d: lab fastest float32 (%s) %.1f µs = %.2fx ORT float32 (1T) %.1f µs %s;"
              + " %.2fx ORT's fastest float32 (%s, %.1f µs)%n",
          name,
          batch,
          lab.contender().engine(),
          us(lab),
          floatRatio,
          us(ref),
          goal,
          us(lab) / us(ortFloat),
          ortFloat.contender().engine(),
          us(ortFloat));
      double int8Ratio = us(labInt8) / us(lab);
      String int8Goal =
          batch == 1 && int8Target
              ? target(int8Ratio <= 1.0, "<= 1.0x")
                  + (int8Ratio <= 0.5 ? " (stretch <= 0.5x met)" : " (stretch <= 0.5x missed)")
              : "(reported)";
      System.out.printf(
          Locale.ROOT,
          "%-16s batch %2d: lab int8 %.1f µs = %.2fx the lab's fastest float32 %s; %.2fx ORT"
              + " float32 (1T)%n",
          name,
          batch,
          us(labInt8),
          int8Ratio,
          int8Goal,
          labInt8.vsReference());
      System.out.printf(
          Locale.ROOT,
          "%-16s batch %2d: ORT int8 (1T) %.1f µs = %.2fx ORT float32 (1T); fastest ORT int8 (%s)"
              + " %.1f µs = %.2fx ORT's fastest float32 (reported)%n",
          name,
          batch,
          us(ortInt8One),
          ortInt8One.vsReference(),
          ortInt8.contender().engine(),
          us(ortInt8),
          us(ortInt8) / us(ortFloat));
    }
    SideBySide.Contender f =
        contenders.stream().filter(c -> c.engine().equals("ORT float32 (1T)")).findFirst().get();
    SideBySide.Contender q =
        contenders.stream().filter(c -> c.engine().equals("ORT int8 (1T)")).findFirst().get();
    System.out.printf(
        Locale.ROOT,
        "%-16s files: lab float32 %,d B, lab int8 %,d B, ONNX float32 %,d B, ONNX int8 %,d B"
            + " (%.1f%% of the ONNX float32)%n",
        name,
        floatBytes,
        int8Bytes,
        f.fileBytes(),
        q.fileBytes(),
        100.0 * q.fileBytes() / f.fileBytes());
  }

  private static double us(SideBySide.Row r) {
    return 1000 * r.latency().medianMs();
  }

  private static String target(boolean met, String goal) {
    return "[target " + goal + ": " + (met ? "MET" : "MISSED") + "]";
  }
}
