package io.github.compressionlab.nn;

import java.util.List;
import java.util.Locale;

/**
 * A typed, serialisable description of a layer: its kind, name and sizes, but not its parameter
 * values. It holds the layer's shape arithmetic ({@link #outputShape}, {@link #flops}, {@link
 * #parameters}), so a model can be lowered to a {@link ModelPlan} and counted without allocating a
 * weight; {@link #build(long)} makes a fresh layer with parameters initialised from the seed. In
 * JSON (see {@link Sequential#architectureJson()}) each config is an object with a {@code "type"}
 * field ({@link #type()}) and the record's components.
 *
 * <p>Roles say what techniques may do with a layer without naming its class: {@link Weighted}
 * (weight and bias mapping input units to output units) and {@link UnitWise} (each channel or
 * feature passes through on its own); {@link Flatten} is the one layer that reshapes units. A new
 * layer type names its config in the {@code permits} clause of its role.
 */
public sealed interface LayerConfig
    permits LayerConfig.Weighted, LayerConfig.UnitWise, Flatten.Config {

  /** The layer's name in its model. */
  String name();

  /**
   * The JSON discriminator: the layer class's name in lower case ({@code "dense"}, {@code
   * "conv2d"}, {@code "maxpool2d"}, ...), so a new layer needs no entry in a table of names.
   */
  default String type() {
    return typeOf(getClass());
  }

  /** A new layer of this shape; parameters are drawn from {@code seed}. */
  Layer build(long seed);

  /**
   * The per-example output shape for a per-example input shape.
   *
   * @throws IllegalArgumentException naming the shapes and the fix if the input does not fit
   */
  long[] outputShape(long[] inputShape);

  /** Floating-point operations per example (a multiply-add counts 2). */
  long flops(long[] inputShape);

  /**
   * The parameters the layer has for this input shape, in the order of {@link Layer#parameters}.
   */
  List<ParameterSpec> parameters(long[] inputShape);

  /** {@link #type()} of a config class. */
  static String typeOf(Class<?> configClass) {
    Class<?> layer = configClass.getEnclosingClass();
    return (layer != null ? layer : configClass).getSimpleName().toLowerCase(Locale.ROOT);
  }

  /** Every config record class, found through the sealed hierarchy. */
  static List<Class<?>> kinds() {
    List<Class<?>> out = new java.util.ArrayList<>();
    java.util.ArrayDeque<Class<?>> todo = new java.util.ArrayDeque<>(List.of(LayerConfig.class));
    while (!todo.isEmpty()) {
      Class<?> c = todo.pop();
      if (c.isRecord()) {
        out.add(c);
      } else {
        todo.addAll(List.of(c.getPermittedSubclasses()));
      }
    }
    return out;
  }

  /**
   * Role of a layer whose {@code weight} maps input units to output units (neurons of a dense
   * layer, filters of a convolution) and whose {@code bias} has one value per output unit. Pruning
   * slices weights along these axes and quantization keeps one scale per output unit.
   */
  sealed interface Weighted extends LayerConfig permits Dense.Config, Conv2d.Config {
    /** Input features or channels. */
    long inputUnits();

    /** Output features (neurons) or channels (filters). */
    long outputUnits();

    /** The weight's axis that indexes input units. */
    int inputAxis();

    /** The weight's axis that indexes output units. */
    int outputAxis();

    /** The same layer with other unit counts (for surgery); parameters are not carried over. */
    LayerConfig withUnits(long inputUnits, long outputUnits);
  }

  /**
   * Role of a layer that treats each channel (or feature) on its own: output unit {@code c} depends
   * on input unit {@code c} only, and every parameter, if any, is a vector with one value per unit.
   * Removing units before such a layer removes the same units after it.
   */
  sealed interface UnitWise extends LayerConfig
      permits MaxPool2d.Config, ReLU.Config, Dropout.Config, BatchNorm.Config {
    /** The same layer for {@code units} channels or features (itself if it has no parameters). */
    LayerConfig withUnits(long units);
  }
}
