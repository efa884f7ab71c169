package io.github.compressionlab.bench;

import io.github.compressionlab.Profile;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.data.FashionMnist;
import io.github.compressionlab.distill.Kd;
import io.github.compressionlab.distill.Students;
import io.github.compressionlab.models.Teacher;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.pipeline.CoursePipeline;
import io.github.compressionlab.pipeline.Pipeline;
import io.github.compressionlab.pipeline.Recipes;
import io.github.compressionlab.pipeline.SeedSpread;
import io.github.compressionlab.viz.Tables;
import java.util.ArrayList;
import java.util.List;
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
 * [--bits B] [--qat-epochs E] [--seed S | --seeds S1,S2,...] [--hard-labels]}. The defaults are
 * {@link CoursePipeline#FULL}, the settings notebook 07 runs. {@code --seeds} runs the pipeline
 * once per seed and prints the mean, min and max of the end-to-end figures ({@link SeedSpread});
 * {@code --hard-labels} also trains the student on hard labels alone, to show what distillation
 * added. {@code --quick} (or {@code LAB_PROFILE=quick}) uses the quick teacher, 4,000 training
 * images and one epoch per step ({@link CoursePipeline#quick}).
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

  /** The defaults: the course's pipeline, as notebook 07 runs it. */
  private static final CoursePipeline COURSE = CoursePipeline.FULL;

  @Option(names = "--distill-epochs", description = "(default: ${DEFAULT-VALUE})")
  int distillEpochs = COURSE.distillEpochs();

  @Option(
      names = "--alpha",
      description = "weight of the hard-label term (default: ${DEFAULT-VALUE})")
  double alpha = COURSE.kd().alpha();

  @Option(names = "--temperature", description = "(default: ${DEFAULT-VALUE})")
  double temperature = COURSE.kd().temperature();

  @Option(
      names = "--units",
      description = "fraction of units removed, 0 to skip (default: ${DEFAULT-VALUE})")
  double units = COURSE.unitFraction();

  @Option(names = "--units-epochs", description = "(default: ${DEFAULT-VALUE})")
  int unitsEpochs = COURSE.unitEpochs();

  @Option(
      names = "--sparsity",
      description = "weights pruned, 0 to skip (default: ${DEFAULT-VALUE})")
  double sparsity = COURSE.sparsity();

  @Option(names = "--prune-epochs", description = "(default: ${DEFAULT-VALUE})")
  int pruneEpochs = COURSE.pruneEpochs();

  @Option(
      names = "--bits",
      description = "weight bits of the last step (default: ${DEFAULT-VALUE})")
  int bits = COURSE.bits();

  @Option(
      names = "--qat-epochs",
      description = "QAT before quantizing, 0 for PTQ (default: ${DEFAULT-VALUE})")
  int qatEpochs = COURSE.qatEpochs();

  @Option(names = "--seed", description = "(default: ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(
      names = "--seeds",
      split = ",",
      paramLabel = "S",
      description =
          "run the pipeline once per seed (e.g. 42,43,44) and print the mean, min and max of the"
              + " end-to-end figures; replaces --seed")
  List<Long> seeds;

  @Option(
      names = "--hard-labels",
      description =
          "also train the same student on hard labels only (same seed and epochs) and print what"
              + " distillation added")
  boolean hardLabels;

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
    Dataset test = FashionMnist.test();
    List<Long> runs = seeds == null || seeds.isEmpty() ? List.of(seed) : List.copyOf(seeds);
    System.out.printf(
        Locale.ROOT,
        "pipeline on the teacher (%s): student %s; %s; seeds %s%n",
        quick ? "quick" : "full",
        student,
        settings(),
        runs);
    List<Pipeline.Result> results = new ArrayList<>();
    for (long s : runs) {
      if (runs.size() > 1) {
        System.out.printf(Locale.ROOT, "%n-- seed %d --%n", s);
      }
      Pipeline.Result r = pipeline(test, s).run("teacher", trained.model());
      results.add(r);
      System.out.println(Tables.toText(r.table()));
      System.out.println(Tables.toText(r.withoutVsWith()));
      if (hardLabels) {
        Pipeline.Row hard =
            builder(test, s)
                .step(settings().hardLabelsOnly(factory()))
                .build()
                .run("teacher", trained.model())
                .last();
        System.out.printf(
            Locale.ROOT,
            "same student, hard labels only (seed %d, %d epochs): %.2f%%; distilled: %.2f%%"
                + " (distillation adds %+.2f points)%n",
            s,
            settings().distillEpochs(),
            100 * hard.accuracy(),
            100 * r.rows().get(1).accuracy(),
            100 * (r.rows().get(1).accuracy() - hard.accuracy()));
      }
      System.out.println(targets(r.sizeRatio(), r.speedup(), r.accuracyChangePoints()));
    }
    if (runs.size() > 1) {
      SeedSpread spread = new SeedSpread(runs, results);
      System.out.println();
      System.out.println(Tables.toText(spread.table()));
      System.out.println(
          "worst seed: "
              + targets(
                  spread.sizeRatio().min(),
                  spread.speedup().min(),
                  spread.accuracyChangePoints().min()));
    }
    return 0;
  }

  private static String targets(double sizeRatio, double speedup, double accuracyChange) {
    return String.format(
        Locale.ROOT,
        "targets: file %.1fx smaller (>= 10: %s), batch-1 %.2fx faster (>= 3: %s), accuracy %+.2f"
            + " points (>= -1.5: %s)",
        sizeRatio,
        sizeRatio >= 10 ? "met" : "MISSED",
        speedup,
        speedup >= 3 ? "met" : "MISSED",
        accuracyChange,
        accuracyChange >= -1.5 ? "met" : "MISSED");
  }

  /** The step settings these options give ({@link CoursePipeline#quick} in the quick profile). */
  CoursePipeline settings() {
    CoursePipeline c =
        new CoursePipeline(
            distillEpochs,
            new Kd(alpha, temperature),
            units,
            unitsEpochs,
            sparsity,
            pruneEpochs,
            bits,
            qatEpochs);
    return quick ? c.quick() : c;
  }

  private LongFunction<Sequential> factory() {
    return switch (student) {
      case tiny -> Students::tinyCnn;
      case wide -> Recipes::student;
    };
  }

  private Pipeline.Builder builder(Dataset test, long seed) {
    Dataset train = FashionMnist.train();
    if (quick) {
      train = train.sample(CoursePipeline.QUICK_TRAIN_IMAGES, 7);
    }
    Pipeline.Builder b = Pipeline.builder().train(train).test(test).seed(seed).latency(1000, 300);
    if (System.console() != null) {
      b.showProgress();
    }
    return b;
  }

  /**
   * The course's pipeline with these options (in the quick profile one epoch per step on 4,000
   * training images): distil the teacher into the student, remove units, prune weights, quantize.
   * {@code DeployBench} runs the same pipeline to get its final student.
   */
  Pipeline pipeline(Dataset test) {
    return pipeline(test, seed);
  }

  /** The same with the pipeline's seed {@code seed}. */
  Pipeline pipeline(Dataset test, long seed) {
    return settings().addTo(builder(test, seed), factory()).build();
  }
}
