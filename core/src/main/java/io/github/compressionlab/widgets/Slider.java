package io.github.compressionlab.widgets;

import java.util.List;

/**
 * What every slider has besides its numbers: orientation, the readout beside it, its format, how it
 * answers the mouse, and whether it reports values while dragged.
 *
 * @param <S> the concrete slider, so that setters chain
 * @param <V> its value type
 */
public abstract class Slider<S extends Slider<S, V>, V extends Number>
    extends DescriptionWidget<S, SliderStyle> implements ValueWidget<V> {

  private final Trait<SliderBehavior> behavior =
      trait("behavior", SliderBehavior.CODEC, SliderBehavior.DRAG_TAP);
  private final Trait<Boolean> continuousUpdate = trait("continuous_update", Codec.BOOL, true);
  private final Trait<Boolean> disabled = trait("disabled", Codec.BOOL, false);
  private final Trait<Orientation> orientation =
      trait("orientation", Orientation.CODEC, Orientation.HORIZONTAL);
  private final Trait<Boolean> readout = trait("readout", Codec.BOOL, true);
  private final Trait<String> readoutFormat;

  Slider(String modelName, String viewName, String description, String readoutFormat) {
    super(
        ModelSpec.controls(modelName),
        ModelSpec.controls(viewName),
        description,
        new SliderStyle());
    this.readoutFormat = trait("readout_format", Codec.STRING, readoutFormat);
  }

  /**
   * Whether the value is sent while the handle is dragged (default) or only when it is released;
   * turn it off when each value takes long to show.
   */
  public S continuousUpdate(boolean value) {
    set(continuousUpdate, value);
    return self();
  }

  public S orientation(Orientation value) {
    set(orientation, value);
    return self();
  }

  public S behavior(SliderBehavior value) {
    set(behavior, value);
    return self();
  }

  /** Whether the value is shown beside the slider. */
  public S readout(boolean value) {
    set(readout, value);
    return self();
  }

  /** The readout's format, a d3-format specifier such as {@code ".2f"} or {@code ".3g"}. */
  public S readoutFormat(String value) {
    set(readoutFormat, value);
    return self();
  }

  public S disabled(boolean value) {
    set(disabled, value);
    return self();
  }

  @Override
  void describe(List<String> parts) {
    parts.add("value=" + value());
    describeRange(parts);
    describeDescription(parts);
  }

  abstract void describeRange(List<String> parts);

  /** Null if {@code v} lies in [lo, hi] (up to rounding), else why not. */
  static String outside(double v, double lo, double hi) {
    double slack = 1e-9 * Math.max(1, Math.max(Math.abs(lo), Math.abs(hi)));
    return v < lo - slack || v > hi + slack ? v + " is outside [" + lo + ", " + hi + "]" : null;
  }
}
