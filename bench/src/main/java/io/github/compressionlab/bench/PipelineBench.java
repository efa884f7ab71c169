package io.github.compressionlab.bench;

import io.github.compressionlab.Profile;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.data.FashionMnist;
import io.github.compressionlab.distill.Kd;
import io.github.compressionlab.distill.Students;
import io.github.compressionlab.models.Teacher;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.pipeline.Pipeline;
import io.github.compressionlab.pipeline.Recipes;
import io.github.compressionlab.pipeline.Steps;
import io.github.compressionlab.viz.Tables;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end pipeline on the course's teacher CNN ({@link Teacher#load()}, cached): distil it
 * into a small CNN, remove a share of that student's filters, prune its weights, quantize to int8.
 * Prints the pipeline's table (accuracy on all 10,000 test images, params, non-zeros, file bytes,
 * batch-1 latency on each model's fastest engine) and the targets: file ≥ 10x smaller, batch-1 ≥ 3x
 * faster, accuracy within 1.5 points of the teacher.
 *
 * <p>First it runs {@link DeepCompressionBench} (Deep Compression of LeNet-300-100: file ≥ 40x
 * smaller, ≤ 0.5 points lost); {@code --skip-lenet} leaves that out.
 *
 * <p>Usage: {@code PipelineBench [--quick] [--skip-lenet] [--student wide|tiny] [--distill-epochs
 * E] [--alpha A] [--temperature T] [--units F] [--units-epochs E] [--sparsity S] [--prune-epochs E]
 * [--bits B] [--qat-epochs E] [--seed S]}. {@code --quick} (or {@code LAB_PROFILE=quick}) uses the
 * quick teacher, 4,000 training images and one epoch per step.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = {
      "Deep Compression of LeNet-300-100 first, then the teacher through distillation, unit and"
          + " weight pruning and quantization: one measured row per step and the targets."
    })
public final class PipelineBench implements Callable<Integer> {
  /** The students the pipeline can distil into. */
  enum Student {
    wide,
    tiny
  }

  @Option(
      names = "--quick",
      description = "quick teacher, 4,000 images, one epoch per step (also LAB_PROFILE=quick)")
  boolean quick = Profile.current() == Profile.QUICK;

  @Option(names = "--skip-lenet", description = "leave out the Deep Compression of LeNet-300-100")
  boolean skipLenet;

  @Option(
      names = "--student",
      paramLabel = "STUDENT",
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  Student student = Student.wide;

  @Option(names = "--distill-epochs", description = "(default: ${DEFAULT-VALUE})")
  int distillEpochs = 12;

  @Option(
      names = "--alpha",
      description = "weight of the hard-label term (default: ${DEFAULT-VALUE})")
  double alpha = 0.5;

  @Option(names = "--temperature", description = "(default: ${DEFAULT-VALUE})")
  double temperature = 2;

  @Option(
      names = "--units",
      description = "fraction of units removed, 0 to skip (default: ${DEFAULT-VALUE})")
  double units = 0.25;

  @Option(names = "--units-epochs", description = "(default: ${DEFAULT-VALUE})")
  int unitsEpochs = 4;

  @Option(
      names = "--sparsity",
      description = "weights pruned, 0 to skip (default: ${DEFAULT-VALUE})")
  double sparsity = 0.5;

  @Option(names = "--prune-epochs", description = "(default: ${DEFAULT-VALUE})")
  int pruneEpochs = 4;

  @Option(
      names = "--bits",
      description = "weight bits of the last step (default: ${DEFAULT-VALUE})")
  int bits = 8;

  @Option(
      names = "--qat-epochs",
      description = "QAT before quantizing, 0 for PTQ (default: ${DEFAULT-VALUE})")
  int qatEpochs = 0;

  @Option(names = "--seed", description = "(default: ${DEFAULT-VALUE})")
  long seed = 42;

  public static void main(String[] args) {
    Cli.main(new PipelineBench(), args);
  }

  @Override
  public Integer call() {
    if (!skipLenet) {
      System.out.println("== 1. Deep Compression of LeNet-300-100 (DeepCompressionBench) ==");
      int code =
          Cli.execute(new DeepCompressionBench(), quick ? new String[] {"--quick"} : new String[0]);
      if (code != 0) {
        return code;
      }
      System.out.println();
      System.out.println("== 2. The pipeline on the teacher CNN ==");
    }
    Teacher.Trained trained = Teacher.load(Teacher.Recipe.of(quick ? Profile.QUICK : Profile.FULL));
    Pipeline pipeline = pipeline(FashionMnist.test());
    System.out.printf(
        Locale.ROOT,
        "pipeline on the teacher (%s): student %s, distil α=%s T=%s %d epochs; units %.2f (%d"
            + " epochs); weights %.2f (%d epochs); int%d (QAT %d epochs); seed %d%n",
        quick ? "quick" : "full",
        student,
        alpha,
        temperature,
        distillEpochs,
        units,
        unitsEpochs,
        sparsity,
        pruneEpochs,
        bits,
        qatEpochs,
        seed);
    Pipeline.Result r = pipeline.run("teacher", trained.model());
    System.out.println(Tables.toText(r.table()));
    System.out.println(Tables.toText(r.withoutVsWith()));
    System.out.printf(
        Locale.ROOT,
        "targets: file %.1fx smaller (>= 10: %s), batch-1 %.2fx faster (>= 3: %s), accuracy %+.2f"
            + " points (>= -1.5: %s)%n",
        r.sizeRatio(),
        r.sizeRatio() >= 10 ? "met" : "MISSED",
        r.speedup(),
        r.speedup() >= 3 ? "met" : "MISSED",
        r.accuracyChangePoints(),
        r.accuracyChangePoints() >= -1.5 ? "met" : "MISSED");
    return 0;
  }

  /**
   * The course's pipeline with these options (in the quick profile one epoch per step on 4,000
   * training images): distil the teacher into the student, remove units, prune weights, quantize.
   * {@code DeployBench} runs the same pipeline to get its final student.
   */
  Pipeline pipeline(Dataset test) {
    LongFunction<Sequential> factory =
        switch (student) {
          case tiny -> Students::tinyCnn;
          case wide -> Recipes::student;
        };
    if (quick) {
      distillEpochs = 1;
      unitsEpochs = Math.min(unitsEpochs, 1);
      pruneEpochs = 1;
      qatEpochs = Math.min(qatEpochs, 1);
    }
    Kd kd = new Kd(alpha, temperature);
    Dataset train = FashionMnist.train();
    if (quick) {
      train = train.sample(4_000, 7);
    }
    Pipeline.Builder b =
        Pipeline.builder()
            .train(train)
            .test(test)
            .seed(seed)
            .latency(1000, 300)
            .step(Steps.distill(factory, kd, distillEpochs));
    if (units > 0) {
      b.step(Steps.pruneUnits(units, unitsEpochs, kd));
    }
    if (sparsity > 0) {
      b.step(Steps.pruneWeights(sparsity, pruneEpochs, kd));
    }
    b.step(Steps.quantize(bits, qatEpochs));
    if (System.console() != null) {
      b.showProgress();
    }
    return b.build();
  }
}
