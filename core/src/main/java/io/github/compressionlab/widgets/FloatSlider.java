package io.github.compressionlab.widgets;

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
public final class FloatSlider extends NumberSlider<FloatSlider, Double> {

  private static final Kind<Double> KIND =
      new Kind<>("FloatSlider", ".2f", Codec.FLOAT, Codec.nullable(Codec.FLOAT), 0.0, 100.0, 0.1);

  /** A slider from 0 to 100 in steps of 0.1, at 0, labelled {@code description}. */
  public FloatSlider(String description) {
    super(KIND, description);
  }

  /** Sets both ends (min ≤ max); the value moves into the new range. */
  public FloatSlider range(double min, double max) {
    return setRange(min, max);
  }

  public FloatSlider min(double min) {
    return setMin(min);
  }

  public FloatSlider max(double max) {
    return setMax(max);
  }

  /** The distance between the values the handle stops at; null lets the front end choose. */
  public FloatSlider step(Double step) {
    return setStep(step);
  }

  public FloatSlider value(double v) {
    return setValue(v);
  }

  public double min() {
    return minValue();
  }

  public double max() {
    return maxValue();
  }

  public Double step() {
    return stepValue();
  }
}
