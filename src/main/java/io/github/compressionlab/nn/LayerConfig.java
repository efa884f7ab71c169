package io.github.compressionlab.nn;

/**
 * A typed, serialisable description of a layer: its kind, name and sizes, but not its parameter
 * values. {@link #build(long)} makes a fresh layer with parameters initialised from the seed. In
 * JSON (see {@link Sequential#architectureJson()}) each config is an object with a {@code "type"}
 * field ({@link #type()}) and the record's components.
 */
public sealed interface LayerConfig
    permits Dense.Config,
        Conv2d.Config,
        MaxPool2d.Config,
        Flatten.Config,
        ReLU.Config,
        Dropout.Config,
        BatchNorm.Config {

  /** The layer's name in its model. */
  String name();

  /** The JSON discriminator: {@code "dense"}, {@code "conv2d"}, {@code "maxpool2d"}, ... */
  String type();

  /** A new layer of this shape; parameters are drawn from {@code seed}. */
  Layer build(long seed);
}
