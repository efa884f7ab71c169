package io.github.compressionlab.quant;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.Adam;
import io.github.compressionlab.nn.History;
import io.github.compressionlab.nn.Layer;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.WeightedLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * Quantization-aware fine-tuning: trains a copy of a float model for a few epochs with its weights
 * fake-quantized by a {@link QatListener} and the inputs of its inner dense and conv layers
 * fake-quantized by {@link FakeQuantInput} wrappers, so the weights settle where rounding hurts
 * least. The result is a float model; quantize it with {@link QuantizedModel#quantize} and the same
 * weight scheme.
 *
 * <pre>{@code
 * Sequential tuned = Qat.fineTune(model, train, Qat.Settings.of(QuantScheme.weights(4)));
 * QuantizedModel q = QuantizedModel.quantize(tuned, QuantScheme.weights(4),
 *     Calibrator.minMax().calibrate(tuned, calibration));
 * }</pre>
 */
public final class Qat {
  private Qat() {}

  /**
   * QAT settings.
   *
   * @param weights the weight scheme to train for
   * @param activationBits bits of the fake-quantized layer inputs (8 as in {@link QuantizedModel}),
   *     or 0 to leave activations in float
   * @param epochs fine-tuning epochs (1 to 3 are usual)
   * @param batchSize mini-batch size
   * @param learningRate Adam's step size, smaller than for training from scratch
   * @param seed shuffling seed
   * @param validation a data set scored after each epoch, or null
   */
  public record Settings(
      QuantScheme weights,
      int activationBits,
      int epochs,
      int batchSize,
      double learningRate,
      long seed,
      Dataset validation) {
    public Settings {
      if (weights == null) {
        throw new IllegalArgumentException(
            "QAT needs a weight scheme, e.g. QuantScheme.weights(4)");
      }
      if (activationBits != 0 && (activationBits < 2 || activationBits > 16)) {
        throw new IllegalArgumentException(
            "activationBits must be 0 (float activations) or 2 to 16, got " + activationBits);
      }
      if (epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
        throw new IllegalArgumentException(
            "QAT needs epochs >= 1, batchSize >= 1 and learningRate > 0; got "
                + epochs
                + ", "
                + batchSize
                + ", "
                + learningRate);
      }
    }

    /** One epoch, batch 128, Adam 1e-4, int8 activations, seed 42. */
    public static Settings of(QuantScheme weights) {
      return new Settings(weights, 8, 1, 128, 1e-4, 42, null);
    }

    public Settings withEpochs(int e) {
      return new Settings(weights, activationBits, e, batchSize, learningRate, seed, validation);
    }

    public Settings withLearningRate(double lr) {
      return new Settings(weights, activationBits, epochs, batchSize, lr, seed, validation);
    }

    public Settings withValidation(Dataset v) {
      return new Settings(weights, activationBits, epochs, batchSize, learningRate, seed, v);
    }
  }

  /** The fine-tuned copy of {@code model} (float weights; {@code model} itself is untouched). */
  public static Sequential fineTune(Sequential model, Dataset train, Settings settings) {
    return fineTune(model, train, settings, true);
  }

  /** As {@link #fineTune(Sequential, Dataset, Settings)}, with or without a progress display. */
  public static Sequential fineTune(
      Sequential model, Dataset train, Settings settings, boolean showProgress) {
    Sequential tuned = model.copy();
    Sequential training = withFakeQuantInputs(tuned, settings.activationBits());
    Trainer.Builder b =
        Trainer.builder()
            .model(training)
            .optimizer(new Adam(settings.learningRate()))
            .epochs(settings.epochs())
            .batchSize(settings.batchSize())
            .seed(settings.seed())
            .validation(settings.validation())
            .listener(new QatListener(settings.weights()));
    if (showProgress) {
      b.showProgress();
    }
    History unused = b.build().fit(train);
    return tuned;
  }

  /**
   * A model sharing {@code model}'s layers, with every dense and conv layer after the first wrapped
   * in {@link FakeQuantInput} (the first one's input is the image, already on a grid of 256 grey
   * levels). With {@code bits} 0, {@code model} itself.
   */
  static Sequential withFakeQuantInputs(Sequential model, int bits) {
    if (bits == 0) {
      return model;
    }
    List<Layer> layers = new ArrayList<>();
    boolean first = true;
    for (Layer l : model.layers()) {
      if (l instanceof WeightedLayer w) {
        layers.add(first ? l : new FakeQuantInput(w, bits));
        first = false;
      } else {
        layers.add(l);
      }
    }
    return Sequential.of(model.inputShape(), layers);
  }
}
