package io.github.compressionlab.quant.scheme;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.History;
import io.github.compressionlab.nn.Layer;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;
import io.github.compressionlab.nn.WeightedLayer;
import io.github.compressionlab.quant.integer.QuantizedModel;
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
   * @param training epochs (1 to 3 are usual), batch size, optimizer (a learning rate smaller than
   *     for training from scratch), seed, validation, listeners, progress
   */
  public record Settings(QuantScheme weights, int activationBits, TrainingConfig training) {
    public Settings {
      if (weights == null) {
        throw new IllegalArgumentException(
            "QAT needs a weight scheme, e.g. QuantScheme.weights(4)");
      }
      if (activationBits != 0 && (activationBits < 2 || activationBits > 16)) {
        throw new IllegalArgumentException(
            "activationBits must be 0 (float activations) or 2 to 16, got " + activationBits);
      }
      if (training == null) {
        throw new IllegalArgumentException(
            "QAT needs a training config, e.g. TrainingConfig.builder().learningRate(1e-4).build()");
      }
    }

    /** One epoch, batch 128, Adam 1e-4, int8 activations, seed 42, with a progress display. */
    public static Settings of(QuantScheme weights) {
      return new Settings(
          weights,
          8,
          TrainingConfig.builder()
              .epochs(1)
              .batchSize(128)
              .learningRate(1e-4)
              .seed(42)
              .showProgress()
              .build());
    }

    /** These settings training for {@code e} epochs. */
    public Settings withEpochs(int e) {
      return withTraining(training.withEpochs(e));
    }

    /** These settings training with Adam at {@code lr}. */
    public Settings withLearningRate(double lr) {
      return withTraining(training.toBuilder().learningRate(lr).build());
    }

    public Settings withTraining(TrainingConfig t) {
      return new Settings(weights, activationBits, t);
    }
  }

  /** The fine-tuned copy of {@code model} (float weights; {@code model} itself is untouched). */
  public static Sequential fineTune(Sequential model, Dataset train, Settings settings) {
    return train(model, train, settings);
  }

  /** As {@link #fineTune(Sequential, Dataset, Settings)}, with or without a progress display. */
  public static Sequential fineTune(
      Sequential model, Dataset train, Settings settings, boolean showProgress) {
    return fineTune(
        model,
        train,
        settings.withTraining(settings.training().toBuilder().showProgress(showProgress).build()));
  }

  /** The training QAT runs: the settings' config with the weight fake-quantizer listening. */
  private static Sequential train(Sequential model, Dataset train, Settings settings) {
    Sequential tuned = model.copy();
    Sequential training = withFakeQuantInputs(tuned, settings.activationBits());
    TrainingConfig config = settings.training().withListener(new QatListener(settings.weights()));
    History unused = new Trainer(training, config).fit(train);
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
