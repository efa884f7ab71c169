package io.github.compressionlab.widgets;

import java.util.List;
import java.util.function.Consumer;

/**
 * A slider on a log scale (ipywidgets' {@code FloatLogSlider}): the handle moves evenly through
 * exponents, so 0.1 to 1 takes as much track as 1 to 10. Good for a temperature:
 *
 * <pre>{@code var t = new FloatLogSlider("T").range(0.1, 20).value(2);}</pre>
 *
 * On the wire {@code min}, {@code max} and {@code step} are exponents of {@code base} (10 unless
 * set); {@link #range} takes the values themselves.
 */
public final class FloatLogSlider extends Slider<FloatLogSlider, Double> {

  private final Trait<Double> base =
      trait(
          "base", Codec.FLOAT, 10.0, b -> b > 0 && b != 1 ? null : "the base must be > 0 and ≠ 1");
  private final Trait<Double> min = trait("min", Codec.FLOAT, 0.0);
  private final Trait<Double> max = trait("max", Codec.FLOAT, 4.0);
  private final Trait<Double> step =
      trait("step", Codec.nullable(Codec.FLOAT), 0.1, NumberSlider::positive);
  private final Trait<Double> value =
      writable("value", Codec.FLOAT, 1.0, v -> outside(v, lowest(), highest()));

  /** A slider from 1 to 10⁴ (exponents 0 to 4 of base 10), at 1, labelled {@code description}. */
  public FloatLogSlider(String description) {
    super("FloatLogSliderModel", "FloatLogSliderView", description, ".3g");
  }

  /** Runs from {@code lowest} to {@code highest} (both > 0); the value moves into the range. */
  public FloatLogSlider range(double lowest, double highest) {
    if (!(lowest > 0 && lowest <= highest)) {
      throw new IllegalArgumentException(
          "FloatLogSlider range: need 0 < lowest ≤ highest, got " + lowest + ", " + highest);
    }
    double lb = Math.log(get(base));
    return exponents(Math.log(lowest) / lb, Math.log(highest) / lb);
  }

  /** Sets the range as exponents of the base; the value moves into it. */
  public FloatLogSlider exponents(double minExponent, double maxExponent) {
    if (!(minExponent <= maxExponent)) {
      throw new IllegalArgumentException(
          "FloatLogSlider exponents: min " + minExponent + " > max " + maxExponent);
    }
    batch(
        () -> {
          set(min, minExponent);
          set(max, maxExponent);
          set(value, Math.min(Math.max(value(), lowest()), highest()));
        });
    return this;
  }

  /** The base of the exponents (10 by default); keeps the exponents, so the range changes. */
  public FloatLogSlider base(double b) {
    batch(
        () -> {
          set(base, b);
          set(value, Math.min(Math.max(value(), lowest()), highest()));
        });
    return this;
  }

  /** The step between handle positions, in exponents (0.1 by default: ten stops per decade). */
  public FloatLogSlider step(Double exponentStep) {
    set(step, exponentStep);
    return this;
  }

  public FloatLogSlider value(double v) {
    set(value, v);
    return this;
  }

  @Override
  public Double value() {
    return get(value);
  }

  /** The smallest value, base^min. */
  public double lowest() {
    return Math.pow(get(base), get(min));
  }

  /** The largest value, base^max. */
  public double highest() {
    return Math.pow(get(base), get(max));
  }

  @Override
  public Subscription onChange(Consumer<? super Double> listener) {
    return value.listen(listener);
  }

  @Override
  void describeRange(List<String> parts) {
    parts.add("min=" + (float) lowest());
    parts.add("max=" + (float) highest());
  }
}
