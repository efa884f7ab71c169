package io.github.compressionlab.pipeline;

import io.github.compressionlab.Profile;
import io.github.compressionlab.distill.Kd;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.viz.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * The settings of the course's pipeline, in one place: notebook 07's parameter cell and {@code
 * ./lab bench pipeline} both start from {@link #of(Profile)}, so the figures the bench prints are
 * the notebook's. Distil the teacher into a student, remove a share of its filters, prune a share
 * of its weights, quantize, and run the int8 file with float math; the training steps learn from
 * the teacher with {@link #kd()}.
 *
 * <p>The full profile's defaults were chosen so that the end result stays within 1.5 points of the
 * teacher with a margin, over several seeds (README, "The pipeline on the teacher"): the weight
 * pruning step gets eight fine-tuning epochs, so that its schedule (AGP over the first two thirds)
 * leaves time to recover. The quick profile runs one epoch per training step.
 *
 * @param distillEpochs passes of the distillation step, at least 1
 * @param kd α and T of every training step's loss
 * @param unitFraction share of each hidden layer's filters removed, in [0, 1); 0 skips the step
 * @param unitEpochs fine-tuning epochs after removing filters, at least 0
 * @param sparsity share of the remaining weights pruned, in [0, 1); 0 skips the step
 * @param pruneEpochs fine-tuning epochs of weight pruning, at least 1
 * @param bits weight bits of the last step (2 to 8)
 * @param qatEpochs quantization-aware training before quantizing, 0 for post-training quantization
 */
public record CoursePipeline(
    int distillEpochs,
    Kd kd,
    double unitFraction,
    int unitEpochs,
    double sparsity,
    int pruneEpochs,
    int bits,
    int qatEpochs) {

  /** The full profile's settings. */
  public static final CoursePipeline FULL =
      new CoursePipeline(12, new Kd(0.5, 2), 0.25, 4, 0.4, 6, 8, 0);

  /** Training images of the quick profile (a seeded sample of the training set). */
  public static final int QUICK_TRAIN_IMAGES = 4_000;

  public CoursePipeline {
    Objects.requireNonNull(kd, "kd: give new Kd(alpha, temperature), e.g. new Kd(0.5, 2)");
    if (distillEpochs < 1) {
      throw new IllegalArgumentException(
          "distillEpochs must be at least 1 (the student learns nothing otherwise), got "
              + distillEpochs);
    }
    if (!(unitFraction >= 0 && unitFraction < 1)) {
      throw new IllegalArgumentException(
          "unitFraction is the share of filters removed and must lie in [0, 1) (0 skips the step),"
              + " got "
              + unitFraction);
    }
    if (!(sparsity >= 0 && sparsity < 1)) {
      throw new IllegalArgumentException(
          "sparsity is the share of weights pruned and must lie in [0, 1) (0 skips the step), got "
              + sparsity);
    }
    if (unitEpochs < 0 || qatEpochs < 0) {
      throw new IllegalArgumentException(
          "unitEpochs and qatEpochs must be at least 0, got " + unitEpochs + " and " + qatEpochs);
    }
    if (pruneEpochs < 1) {
      throw new IllegalArgumentException(
          "pruneEpochs must be at least 1 (weight pruning prunes while it trains), got "
              + pruneEpochs);
    }
    if (bits < 2 || bits > 8) {
      throw new IllegalArgumentException(
          "bits must be between 2 and 8 (8 for int8, 4 for int4), got " + bits);
    }
  }

  /** {@link #FULL} in the full profile; in the quick profile the same with one epoch per step. */
  public static CoursePipeline of(Profile profile) {
    Objects.requireNonNull(profile, "profile: give Profile.current()");
    return profile == Profile.QUICK ? FULL.quick() : FULL;
  }

  /** These settings with at most one epoch per training step (what the quick profile runs). */
  public CoursePipeline quick() {
    return new CoursePipeline(
        1, kd, unitFraction, Math.min(unitEpochs, 1), sparsity, 1, bits, Math.min(qatEpochs, 1));
  }

  public CoursePipeline withDistillEpochs(int epochs) {
    return new CoursePipeline(
        epochs, kd, unitFraction, unitEpochs, sparsity, pruneEpochs, bits, qatEpochs);
  }

  public CoursePipeline withKd(Kd kd) {
    return new CoursePipeline(
        distillEpochs, kd, unitFraction, unitEpochs, sparsity, pruneEpochs, bits, qatEpochs);
  }

  /** Removes {@code fraction} of the filters, fine-tuning for {@code epochs} (0 skips the step). */
  public CoursePipeline withUnits(double fraction, int epochs) {
    return new CoursePipeline(
        distillEpochs, kd, fraction, epochs, sparsity, pruneEpochs, bits, qatEpochs);
  }

  /** Prunes {@code sparsity} of the weights over {@code epochs} (sparsity 0 skips the step). */
  public CoursePipeline withSparsity(double sparsity, int epochs) {
    return new CoursePipeline(
        distillEpochs, kd, unitFraction, unitEpochs, sparsity, epochs, bits, qatEpochs);
  }

  /** Quantizes to {@code bits}, after {@code qatEpochs} of quantization-aware training. */
  public CoursePipeline withQuantization(int bits, int qatEpochs) {
    return new CoursePipeline(
        distillEpochs, kd, unitFraction, unitEpochs, sparsity, pruneEpochs, bits, qatEpochs);
  }

  /**
   * The steps, in order: distil into {@code student} (a factory called with the step's seed, e.g.
   * {@code Recipes::student}), remove filters, prune weights, quantize, and run the quantized file
   * with float math ({@link Steps#floatMath}): the last row, the course's end result, is the int8
   * file as it runs fastest at batch 1 on the lab's engines, and the row before it the same file on
   * the integer engine.
   */
  public List<Step> steps(LongFunction<Sequential> student) {
    Objects.requireNonNull(student, "student: give a factory such as Recipes::student");
    List<Step> steps = new ArrayList<>();
    steps.add(Steps.distill(student, kd, distillEpochs));
    if (unitFraction > 0) {
      steps.add(Steps.pruneUnits(unitFraction, unitEpochs, kd));
    }
    if (sparsity > 0) {
      steps.add(Steps.pruneWeights(sparsity, pruneEpochs, kd));
    }
    steps.add(Steps.quantize(bits, qatEpochs));
    steps.add(Steps.floatMath());
    return steps;
  }

  /** Adds {@link #steps} to {@code builder} and returns it. */
  public Pipeline.Builder addTo(Pipeline.Builder builder, LongFunction<Sequential> student) {
    Objects.requireNonNull(builder, "builder");
    steps(student).forEach(builder::step);
    return builder;
  }

  /**
   * The same student trained on hard labels only (α = 1), with the same seed and epochs as the
   * distillation step: what distillation itself adds is the difference between the two rows.
   */
  public Step hardLabelsOnly(LongFunction<Sequential> student) {
    Step train = Steps.distill(student, new Kd(1, kd.temperature()), distillEpochs);
    return new Step() {
      @Override
      public String name() {
        return "same student, hard labels only";
      }

      @Override
      public String technique() {
        return "training";
      }

      @Override
      public Artifact apply(Artifact current, PipelineContext context) throws Exception {
        return train.apply(current, context);
      }

      @Override
      public String toString() {
        return name();
      }
    };
  }

  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "distil %d epochs (α %s, T %s)",
                distillEpochs,
                Numbers.plain(kd.alpha()),
                Numbers.plain(kd.temperature())));
    if (unitFraction > 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              "; remove %s%% of filters (%d epochs)",
              Numbers.plain(100 * unitFraction),
              unitEpochs));
    }
    if (sparsity > 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              "; prune %s%% of weights (%d epochs)",
              Numbers.plain(100 * sparsity),
              pruneEpochs));
    }
    sb.append(
        qatEpochs > 0
            ? String.format(Locale.ROOT, "; int%d QAT (%d epochs)", bits, qatEpochs)
            : String.format(Locale.ROOT, "; int%d PTQ", bits));
    sb.append(", run with float math");
    return sb.toString();
  }
}
