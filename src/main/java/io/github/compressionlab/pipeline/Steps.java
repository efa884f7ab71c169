package io.github.compressionlab.pipeline;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.distill.Distiller;
import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.TrainingListener;
import io.github.compressionlab.prune.Agp;
import io.github.compressionlab.prune.MagnitudePruner;
import io.github.compressionlab.prune.Mask;
import io.github.compressionlab.prune.MaskListener;
import io.github.compressionlab.prune.NeuronPlan;
import io.github.compressionlab.prune.NeuronPruner;
import io.github.compressionlab.prune.SparseModelFile;
import io.github.compressionlab.prune.Surgery;
import io.github.compressionlab.quant.ActivationRanges;
import io.github.compressionlab.quant.Calibrator;
import io.github.compressionlab.quant.DeepCompressedFile;
import io.github.compressionlab.quant.DeepCompression;
import io.github.compressionlab.quant.Qat;
import io.github.compressionlab.quant.QuantScheme;
import io.github.compressionlab.quant.QuantizedModel;
import io.github.compressionlab.quant.WeightSharing;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * The steps a {@link Pipeline} can run. Each one calls a technique package's own operation: {@code
 * distill.Distiller}, {@code prune.Agp}, {@code prune.NeuronPruner} with {@code prune.Surgery},
 * {@code quant.QuantizedModel} and {@code quant.Qat}, {@code quant}'s Deep Compression.
 *
 * <p>Training steps fine-tune with the distillation loss from the pipeline's original model (α and
 * T of {@link #distill}), since a compressed model recovers more from its teacher's soft labels
 * than from hard labels alone; pass {@code alpha = 1} for hard labels only.
 */
public final class Steps {
  private Steps() {}

  /** Learning rate of every fine-tuning step. */
  public static final double FINE_TUNE_LR = 3e-4;

  /**
   * Trains a fresh {@code student} from the current model's logits (the current model is the
   * teacher).
   *
   * @param student a student factory, e.g. {@code Students::tinyCnn}
   * @param alpha weight of the hard-label term, in [0, 1]
   * @param temperature softening temperature, &gt; 0
   * @param epochs passes over the training set
   */
  public static Step distill(
      LongFunction<Sequential> student, double alpha, double temperature, int epochs) {
    checkEpochs(epochs, 1);
    String name = String.format(Locale.ROOT, "distil (α=%s, T=%s)", num(alpha), num(temperature));
    return step(
        name,
        "distillation",
        (current, c) -> {
          Distiller d =
              distiller(c, current.runnable())
                  .student(student)
                  .alpha(alpha)
                  .temperature(temperature)
                  .epochs(epochs)
                  .seed(c.stepSeed())
                  .build();
          Sequential s = d.distill(c.train()).student();
          return floatArtifact(s, null, c.file("distill", "safetensors"));
        });
  }

  /**
   * Removes the weakest {@code fraction} of the filters or neurons of the named hidden layers (all
   * hidden Dense and Conv2d layers if none are named), by L1 norm, physically, then fine-tunes from
   * the original model for {@code epochs}. Comes before weight pruning.
   */
  public static Step pruneUnits(
      double fraction, int epochs, double alpha, double temperature, String... layers) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "fraction of units to remove must be in (0, 1), got " + fraction);
    }
    checkEpochs(epochs, 0);
    String[] names = layers.clone();
    String name = String.format(Locale.ROOT, "remove %.0f%% of units", 100 * fraction);
    return step(
        name,
        "structured pruning",
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
          fineTune(smaller, null, epochs, alpha, temperature, c, null);
          return floatArtifact(smaller, null, c.file("prune-units", "safetensors"));
        });
  }

  /**
   * Prunes the smallest weights of every Dense and Conv2d layer to {@code sparsity}, gradually
   * (AGP) over the first two thirds of {@code epochs} while fine-tuning from the original model;
   * the file stores the non-zeros only.
   */
  public static Step pruneWeights(double sparsity, int epochs, double alpha, double temperature) {
    if (!(sparsity > 0 && sparsity < 1)) {
      throw new IllegalArgumentException("sparsity must be in (0, 1), got " + sparsity);
    }
    checkEpochs(epochs, 1);
    String name = String.format(Locale.ROOT, "prune %.0f%% of weights", 100 * sparsity);
    return step(
        name,
        "weight pruning",
        (current, c) -> {
          Sequential model = current.requireFloat(name).copy();
          long perEpoch = (c.train().size() + BATCH - 1) / BATCH;
          long end = Math.max(1, perEpoch * (2L * epochs) / 3 - 1);
          Agp agp =
              new Agp(
                  MagnitudePruner.perLayer(),
                  Agp.Schedule.to(sparsity).steps(0, end).every(Math.max(1, end / 20)));
          fineTune(model, agp, epochs, alpha, temperature, c, null);
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
  public static Step fineTune(int epochs, double alpha, double temperature) {
    checkEpochs(epochs, 1);
    String name = "fine-tune " + epochs + " epochs";
    return step(
        name,
        "training",
        (current, c) -> {
          Sequential model = current.requireFloat(name).copy();
          fineTune(model, null, epochs, alpha, temperature, c, current.mask());
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

  /**
   * Deep Compression's storage (Han et al. 2016) on the pruned model: k-means weight sharing with
   * {@code denseBits} per Dense and {@code convBits} per Conv2d weight, centroids fine-tuned for
   * {@code epochs}, then Huffman-coded into a {@code quant.DeepCompressedFile}. The model is read
   * back from that file and measured, so the row shows what the file really holds. Always the last
   * step; prune weights first, or there is little for the index coding to save.
   */
  public static Step deepCompress(int denseBits, int convBits, int epochs) {
    WeightSharing sharing = WeightSharing.defaults().denseBits(denseBits).convBits(convBits);
    checkEpochs(epochs, 0);
    String name = "Deep Compression (" + denseBits + "/" + convBits + " bits)";
    return step(
        name,
        "Deep Compression",
        (current, c) -> {
          Sequential model = current.requireFloat(name).copy();
          DeepCompression.Builder b =
              DeepCompression.builder().sharing(sharing).epochs(epochs).seed(c.stepSeed());
          if (c.showProgress()) {
            b.showProgress();
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

  private static Step step(String name, String technique, Body body) {
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
      double alpha,
      double temperature,
      PipelineContext c,
      Mask keepZero) {
    if (epochs == 0) {
      return;
    }
    Distiller.Builder b =
        distiller(c, c.original().runnable())
            .student(seed -> model)
            .alpha(alpha)
            .temperature(temperature)
            .epochs(epochs)
            .batchSize(BATCH)
            .learningRate(FINE_TUNE_LR)
            .seed(c.stepSeed());
    if (listener != null) {
      b.listener(listener);
    }
    if (keepZero != null) {
      b.listener(new MaskListener(keepZero));
    }
    b.build().distill(c.train());
  }

  /**
   * A builder sharing one Distiller per teacher object and pipeline run, so that the teacher's
   * logits over the training set are computed once and reused by every step that learns from it.
   */
  private static Distiller.Builder distiller(PipelineContext c, InferenceModel teacher) {
    Distiller d =
        c.distillers()
            .computeIfAbsent(
                teacher, t -> Distiller.builder().teacher(t).student(seed -> null).build());
    Distiller.Builder b = d.toBuilder();
    return c.showProgress() ? b.showProgress() : b;
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

  private static String num(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
