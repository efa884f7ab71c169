package io.github.compressionlab.pipeline;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.distill.Distiller;
import io.github.compressionlab.distill.Kd;
import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.TrainingConfig;
import io.github.compressionlab.nn.TrainingListener;
import io.github.compressionlab.prune.Agp;
import io.github.compressionlab.prune.MagnitudePruner;
import io.github.compressionlab.prune.Mask;
import io.github.compressionlab.prune.MaskListener;
import io.github.compressionlab.prune.NeuronPlan;
import io.github.compressionlab.prune.NeuronPruner;
import io.github.compressionlab.prune.SparseModelFile;
import io.github.compressionlab.prune.Surgery;
import io.github.compressionlab.quant.deep.DeepCompressedFile;
import io.github.compressionlab.quant.deep.DeepCompression;
import io.github.compressionlab.quant.deep.WeightSharing;
import io.github.compressionlab.quant.integer.QuantizedModel;
import io.github.compressionlab.quant.scheme.ActivationRanges;
import io.github.compressionlab.quant.scheme.Calibrator;
import io.github.compressionlab.quant.scheme.Qat;
import io.github.compressionlab.quant.scheme.QuantScheme;
import io.github.compressionlab.viz.Numbers;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The steps a {@link Pipeline} can run. Each one calls a technique package's own operation: {@code
 * distill.Distiller}, {@code prune.Agp}, {@code prune.NeuronPruner} with {@code prune.Surgery},
 * {@code quant.integer.QuantizedModel} and {@code quant.scheme.Qat}, {@code quant.deep}'s Deep
 * Compression.
 *
 * <p>Training steps fine-tune with the distillation loss from the pipeline's original model (a
 * {@link Kd} of α and T), since a compressed model recovers more from its teacher's soft labels
 * than from hard labels alone; pass {@code new Kd(1, 1)} for hard labels only. Every step checks
 * its settings here, when it is made.
 */
public final class Steps {
  private Steps() {}

  /** Learning rate of every fine-tuning step. */
  public static final double FINE_TUNE_LR = 3e-4;

  /** Learning rate of a distillation step (the distiller's default). */
  public static final double DISTILL_LR = 2e-3;

  /**
   * Trains a fresh {@code student} from the current model's logits (the current model is the
   * teacher).
   *
   * @param student a student factory called with the step's seed, e.g. {@code Students::tinyCnn}
   * @param kd α and T of the distillation loss
   * @param epochs passes over the training set
   */
  public static Step distill(LongFunction<Sequential> student, Kd kd, int epochs) {
    checkEpochs(epochs, 1);
    Objects.requireNonNull(student, "student");
    Objects.requireNonNull(kd, "kd");
    String name =
        String.format(
            Locale.ROOT,
            "distil (α=%s, T=%s)",
            Numbers.plain(kd.alpha()),
            Numbers.plain(kd.temperature()));
    return step(
        name,
        "distillation",
        EnumSet.allOf(Step.Form.class),
        Step.Form.DENSE_FLOAT,
        (current, c) -> {
          Sequential s = student.apply(c.stepSeed());
          new Distiller(c.teacher(current.runnable()), kd, training(c, epochs, DISTILL_LR))
              .distill(s, c.train());
          return floatArtifact(s, null, c.file("distill", "safetensors"));
        });
  }

  /**
   * Removes the weakest {@code fraction} of the filters or neurons of the named hidden layers (all
   * hidden Dense and Conv2d layers if none are named), by L1 norm, physically, then fine-tunes from
   * the original model for {@code epochs}. Comes before weight pruning.
   */
  public static Step pruneUnits(double fraction, int epochs, Kd kd, String... layers) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "fraction of units to remove must be in (0, 1), got " + fraction);
    }
    checkEpochs(epochs, 0);
    Objects.requireNonNull(kd, "kd");
    String[] names = layers.clone();
    String name = String.format(Locale.ROOT, "remove %.0f%% of units", 100 * fraction);
    return step(
        name,
        "structured pruning",
        EnumSet.of(Step.Form.DENSE_FLOAT),
        Step.Form.DENSE_FLOAT,
        (current, c) -> {
          Sequential model = current.requireFloat(name);
          if (current.mask() != null) {
            throw new IllegalStateException(
                "step '"
                    + name
                    + "' would change the shapes of layers an earlier step pruned weight by weight;"
                    + " remove units before pruning weights");
          }
          NeuronPruner pruner = NeuronPruner.l1();
          if (names.length > 0) {
            for (String n : names) {
              try {
                model.layer(n);
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                    "step '"
                        + name
                        + "' prunes layer '"
                        + n
                        + "', which the model no longer has (an earlier step removed it?); its"
                        + " layers are "
                        + layerNames(model),
                    e);
              }
            }
            pruner = pruner.layers(names);
          }
          NeuronPlan plan = pruner.plan(model, fraction);
          Sequential smaller = Surgery.removeUnits(model, plan);
          fineTune(smaller, null, epochs, kd, c, null);
          return floatArtifact(smaller, null, c.file("prune-units", "safetensors"));
        });
  }

  /**
   * Prunes the smallest weights of every Dense and Conv2d layer to {@code sparsity}, gradually
   * (AGP) over the first two thirds of {@code epochs} while fine-tuning from the original model;
   * the file stores the non-zeros only.
   */
  public static Step pruneWeights(double sparsity, int epochs, Kd kd) {
    if (!(sparsity > 0 && sparsity < 1)) {
      throw new IllegalArgumentException("sparsity must be in (0, 1), got " + sparsity);
    }
    checkEpochs(epochs, 1);
    Objects.requireNonNull(kd, "kd");
    String name = String.format(Locale.ROOT, "prune %.0f%% of weights", 100 * sparsity);
    return step(
        name,
        "weight pruning",
        FLOAT,
        Step.Form.SPARSE_FLOAT,
        (current, c) -> {
          Sequential model = current.requireFloat(name).copy();
          long perEpoch = (c.train().size() + BATCH - 1) / BATCH;
          long end = Math.max(1, perEpoch * (2L * epochs) / 3 - 1);
          Agp agp =
              new Agp(
                  MagnitudePruner.perLayer(),
                  Agp.Schedule.to(sparsity).steps(0, end).every(Math.max(1, end / 20)));
          fineTune(model, agp, epochs, kd, c, null);
          Mask mask = agp.mask();
          if (current.mask() != null) {
            mask = current.mask().with(mask);
          }
          Path file = c.file("prune-weights", "safetensors");
          SparseModelFile.save(model, file);
          return new Artifact(model, mask, model, "sparse float32", file);
        });
  }

  /** Fine-tunes the current model for {@code epochs}, keeping pruned weights at zero. */
  public static Step fineTune(int epochs, Kd kd) {
    checkEpochs(epochs, 1);
    Objects.requireNonNull(kd, "kd");
    String name = "fine-tune " + epochs + " epochs";
    return step(
        name,
        "training",
        FLOAT,
        null, // keeps the form: a pruned model stays pruned
        (current, c) -> {
          Sequential model = current.requireFloat(name).copy();
          fineTune(model, null, epochs, kd, c, current.mask());
          if (current.mask() != null) {
            Path file = c.file("fine-tune", "safetensors");
            SparseModelFile.save(model, file);
            return new Artifact(model, current.mask(), model, "sparse float32", file);
          }
          return floatArtifact(model, null, c.file("fine-tune", "safetensors"));
        });
  }

  /**
   * Stores the weights as {@code bits}-bit integers (symmetric, per output channel) and runs the
   * model in integer arithmetic with int8 activations calibrated on 1,000 training images. With
   * {@code qatEpochs > 0}, quantization-aware training comes first. Always the last step.
   */
  public static Step quantize(int bits, int qatEpochs) {
    QuantScheme scheme = QuantScheme.weights(bits); // checks the bit width
    checkEpochs(qatEpochs, 0);
    String name = qatEpochs > 0 ? "int" + bits + " QAT" : "int" + bits + " PTQ";
    return step(
        name,
        "quantization",
        FLOAT,
        Step.Form.INTEGER,
        (current, c) -> {
          Sequential model = current.requireFloat(name);
          if (qatEpochs > 0) {
            model = Qat.fineTune(model, c.train(), Qat.Settings.of(scheme).withEpochs(qatEpochs));
            if (current.mask() != null) {
              current.mask().applyTo(model);
            }
          }
          Dataset calibration = c.train().sample(Math.min(1000, c.train().size()), c.stepSeed());
          ActivationRanges ranges = Calibrator.minMax().calibrate(model, calibration);
          QuantizedModel q = QuantizedModel.quantize(model, scheme, ranges);
          Path file = c.file("int" + bits, "safetensors");
          q.save(file);
          return new Artifact(null, null, q, "int" + bits, file);
        });
  }

  /** The technique of {@link #floatMath()}'s row. */
  public static final String WEIGHT_ONLY = "weight-only quantization";

  /**
   * Runs the quantized file the step before wrote with float arithmetic: reads it back, turns each
   * integer weight into {@code level · scale} at load ({@link
   * io.github.compressionlab.nn.ModelPlan#dequantized}) and keeps activations float, so the row
   * measures the same file (same bytes) on the float engines. This is weight-only quantization
   * (W8A32), what a deployment does when integer kernels are slower than float ones on its CPU at
   * its batch size: at batch 1 the lab's float kernels (Vector API FMAs) beat its integer ones on a
   * small model, since the Vector API has no int8 dot product. Its accuracy differs from the
   * integer row's by the activation rounding it no longer does. Follows {@link #quantize}.
   */
  public static Step floatMath() {
    String name = "same file, float math";
    return step(
        name,
        WEIGHT_ONLY,
        EnumSet.of(Step.Form.INTEGER),
        Step.Form.INTEGER,
        (current, c) -> {
          if (!(current.runnable() instanceof QuantizedModel)) {
            throw new IllegalArgumentException(
                "step '"
                    + name
                    + "' runs an integer-quantized file with float math, but the step before"
                    + " stored "
                    + current.format()
                    + " ("
                    + current.file().getFileName()
                    + "); put it right after Steps.quantize(...)");
          }
          QuantizedModel stored = QuantizedModel.load(current.file());
          Sequential model = Sequential.fromPlan(stored.plan().dequantized(), c.stepSeed());
          return new Artifact(null, null, model, current.format(), current.file());
        });
  }

  /**
   * Deep Compression's storage (Han et al. 2016) on the pruned model: k-means weight sharing with
   * {@code denseBits} per Dense and {@code convBits} per Conv2d weight, centroids fine-tuned for
   * {@code epochs}, then Huffman-coded into a {@code quant.deep.DeepCompressedFile}. The model is
   * read back from that file and measured, so the row shows what the file really holds. Always the
   * last step; prune weights first, or there is little for the index coding to save.
   */
  public static Step deepCompress(int denseBits, int convBits, int epochs) {
    WeightSharing sharing = WeightSharing.defaults().denseBits(denseBits).convBits(convBits);
    checkEpochs(epochs, 0);
    String name = "Deep Compression (" + denseBits + "/" + convBits + " bits)";
    return step(
        name,
        "Deep Compression",
        FLOAT,
        Step.Form.INTEGER,
        (current, c) -> {
          Sequential model = current.requireFloat(name).copy();
          DeepCompression.Builder b = DeepCompression.builder().sharing(sharing);
          if (epochs > 0) {
            b.fineTuning(
                DeepCompression.DEFAULT_FINE_TUNING.toBuilder()
                    .epochs(epochs)
                    .seed(c.stepSeed())
                    .showProgress(c.showProgress())
                    .build());
          } else {
            b.withoutFineTuning();
          }
          DeepCompression.Result r = b.build().run(model, c.train());
          Path file = c.file("deep-compressed", "cldc");
          DeepCompressedFile.write(r.model(), file);
          Sequential back = DeepCompressedFile.read(file);
          return new Artifact(null, null, back, "shared + Huffman", file);
        });
  }

  /** The body of a step: what {@link Step#apply} does. */
  @FunctionalInterface
  private interface Body {
    Artifact apply(Artifact current, PipelineContext context) throws Exception;
  }

  /** The forms a step that needs float weights takes. */
  private static final Set<Step.Form> FLOAT =
      EnumSet.of(Step.Form.DENSE_FLOAT, Step.Form.SPARSE_FLOAT);

  /** Why a step needing float weights cannot take a model of {@code form}, and what to do. */
  static String whyNot(Step.Form form) {
    return switch (form) {
      case INTEGER -> "the weights are already stored as integers; put quantization (or Deep"
          + " Compression) last, after every step that trains or prunes";
      case SPARSE_FLOAT -> "it would change the shapes of layers an earlier step pruned weight by"
          + " weight; remove units before pruning weights";
      case DENSE_FLOAT -> "it needs a model made by another step";
    };
  }

  /**
   * @param output the form the step leaves, or null for "the form it was given"
   */
  private static Step step(
      String name, String technique, Set<Step.Form> accepts, Step.Form output, Body body) {
    Set<Step.Form> in = EnumSet.copyOf(accepts);
    return new Step() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String technique() {
        return technique;
      }

      @Override
      public Set<Step.Form> accepts() {
        return EnumSet.copyOf(in);
      }

      @Override
      public Step.Form output(Step.Form input) {
        return output != null ? output : input;
      }

      @Override
      public Artifact apply(Artifact current, PipelineContext context) throws Exception {
        return body.apply(current, context);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  private static final int BATCH = 128;

  /** Trains {@code model} in place with the distillation loss from the original model. */
  private static void fineTune(
      Sequential model,
      TrainingListener listener,
      int epochs,
      Kd kd,
      PipelineContext c,
      Mask keepZero) {
    if (epochs == 0) {
      return;
    }
    TrainingConfig.Builder t = training(c, epochs, FINE_TUNE_LR).toBuilder();
    if (listener != null) {
      t.listener(listener);
    }
    if (keepZero != null) {
      t.listener(new MaskListener(keepZero));
    }
    // the original model's logits are computed once per run and shared by every step
    new Distiller(c.teacher(c.original().runnable()), kd, t.build()).distill(model, c.train());
  }

  /** Batch 128, Adam at {@code learningRate}, the step's seed, the pipeline's progress setting. */
  private static TrainingConfig training(PipelineContext c, int epochs, double learningRate) {
    return TrainingConfig.builder()
        .epochs(epochs)
        .batchSize(BATCH)
        .learningRate(learningRate)
        .seed(c.stepSeed())
        .showProgress(c.showProgress())
        .build();
  }

  static Artifact floatArtifact(Sequential model, Mask mask, Path file) {
    ModelFile.save(model, file);
    return new Artifact(model, mask, model, "float32", file);
  }

  private static void checkEpochs(int epochs, int min) {
    if (epochs < min) {
      throw new IllegalArgumentException("epochs must be at least " + min + ", got " + epochs);
    }
  }

  private static String layerNames(Sequential model) {
    StringBuilder sb = new StringBuilder();
    model.layers().forEach(l -> sb.append(sb.length() == 0 ? "" : ", ").append(l.name()));
    return sb.toString();
  }
}
