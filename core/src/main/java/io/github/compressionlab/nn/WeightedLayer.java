package io.github.compressionlab.nn;

/**
 * Role of a layer with a {@code weight} that maps input units to output units and a {@code bias}
 * with one value per output unit ({@link Dense}, {@link Conv2d}). Techniques that prune, quantize
 * or share weights work on this role, not on the layer classes: the axes say which slice of the
 * weight belongs to which unit.
 */
public interface WeightedLayer extends Layer {
  Parameter weight();

  Parameter bias();

  @Override
  LayerConfig.Weighted config();

  /** The weight's axis that indexes output units: 1 for a dense {@code [in, out]}, 0 for a conv. */
  default int outputAxis() {
    return config().outputAxis();
  }

  /** The weight's axis that indexes input units. */
  default int inputAxis() {
    return config().inputAxis();
  }

  /** Output units: neurons or filters. */
  default long outputUnits() {
    return config().outputUnits();
  }

  /** Input units: features or channels. */
  default long inputUnits() {
    return config().inputUnits();
  }
}
