package io.github.compressionlab.widgets;

import java.util.List;
import java.util.function.Consumer;

/**
 * A slider over real numbers (ipywidgets' {@code FloatSlider}).
 *
 * <pre>{@code
 * var alpha = new FloatSlider("α").range(0, 1).step(0.05).value(0.5);
 * alpha.onChange(a -> System.out.println("alpha is now " + a));
 * }</pre>
 *
 * A value set in Java must lie in [min, max]; changing the range moves the value into it. A value
 * outside the range from a front end is refused and the front end's slider is set back.
 */
public final class FloatSlider extends Slider<FloatSlider, Double> {

  private final Trait<Double> min = trait("min", Codec.FLOAT, 0.0);
  private final Trait<Double> max = trait("max", Codec.FLOAT, 100.0);
  private final Trait<Double> step =
      trait("step", Codec.nullable(Codec.FLOAT), 0.1, FloatSlider::positive);
  private final Trait<Double> value =
      writable("value", Codec.FLOAT, 0.0, v -> outside(v, get(min), get(max)));

  /** A slider from 0 to 100 in steps of 0.1, at 0, labelled {@code description}. */
  public FloatSlider(String description) {
    super("FloatSliderModel", "FloatSliderView", description, ".2f");
  }

  static String positive(Double s) {
    return s == null || s > 0 ? null : "the step must be positive, got " + s;
  }

  /** Sets both ends (min ≤ max); the value moves into the new range. */
  public FloatSlider range(double min, double max) {
    if (!(min <= max)) {
      throw new IllegalArgumentException("FloatSlider range: min " + min + " > max " + max);
    }
    batch(
        () -> {
          set(this.min, min);
          set(this.max, max);
          set(value, Math.min(Math.max(value(), min), max));
        });
    return this;
  }

  public FloatSlider min(double min) {
    return range(min, Math.max(min, max()));
  }

  public FloatSlider max(double max) {
    return range(Math.min(min(), max), max);
  }

  /** The distance between the values the handle stops at; null lets the front end choose. */
  public FloatSlider step(Double step) {
    set(this.step, step);
    return this;
  }

  public FloatSlider value(double v) {
    set(value, v);
    return this;
  }

  @Override
  public Double value() {
    return get(value);
  }

  public double min() {
    return get(min);
  }

  public double max() {
    return get(max);
  }

  public Double step() {
    return get(step);
  }

  @Override
  public Subscription onChange(Consumer<? super Double> listener) {
    return value.listen(listener);
  }

  @Override
  void describeRange(List<String> parts) {
    parts.add("min=" + min());
    parts.add("max=" + max());
  }
}
