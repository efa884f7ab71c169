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
import java.util.function.LongFunction;

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
public final class PipelineBench {
  private PipelineBench() {}

  public static void main(String[] args) throws java.io.IOException {
    boolean quick = Profile.current() == Profile.QUICK;
    String student = "wide";
    int distillEpochs = 12;
    double alpha = 0.5;
    double temperature = 2;
    double units = 0.25;
    int unitsEpochs = 4;
    double sparsity = 0.5;
    int pruneEpochs = 4;
    int bits = 8;
    int qatEpochs = 0;
    long seed = 42;
    boolean lenet = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--student" -> student = args[++i];
        case "--distill-epochs" -> distillEpochs = Integer.parseInt(args[++i]);
        case "--alpha" -> alpha = Double.parseDouble(args[++i]);
        case "--temperature" -> temperature = Double.parseDouble(args[++i]);
        case "--units" -> units = Double.parseDouble(args[++i]);
        case "--units-epochs" -> unitsEpochs = Integer.parseInt(args[++i]);
        case "--sparsity" -> sparsity = Double.parseDouble(args[++i]);
        case "--prune-epochs" -> pruneEpochs = Integer.parseInt(args[++i]);
        case "--bits" -> bits = Integer.parseInt(args[++i]);
        case "--qat-epochs" -> qatEpochs = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--skip-lenet" -> lenet = false;
        default -> throw new IllegalArgumentException(
            "unknown argument "
                + args[i]
                + "; see the class comment of PipelineBench for the options");
      }
    }
    LongFunction<Sequential> factory =
        switch (student) {
          case "tiny" -> Students::tinyCnn;
          case "wide" -> Recipes::student;
          default -> throw new IllegalArgumentException(
              "unknown student " + student + "; use tiny or wide");
        };
    if (quick) {
      distillEpochs = 1;
      unitsEpochs = Math.min(unitsEpochs, 1);
      pruneEpochs = 1;
      qatEpochs = Math.min(qatEpochs, 1);
    }
    if (lenet) {
      System.out.println("== 1. Deep Compression of LeNet-300-100 (DeepCompressionBench) ==");
      DeepCompressionBench.main(quick ? new String[] {"--quick"} : new String[0]);
      System.out.println();
      System.out.println("== 2. The pipeline on the teacher CNN ==");
    }
    Kd kd = new Kd(alpha, temperature);
    Teacher.Trained trained = Teacher.load(Teacher.Recipe.of(quick ? Profile.QUICK : Profile.FULL));
    Dataset train = FashionMnist.train();
    Dataset test = FashionMnist.test();
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
    Pipeline pipeline = b.build();
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
  }
}
