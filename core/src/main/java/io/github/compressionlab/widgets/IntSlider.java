package io.github.compressionlab.widgets;

/**
 * A slider over integers (ipywidgets' {@code IntSlider}), e.g. a bit width:
 *
 * <pre>{@code var bits = new IntSlider("bits").range(2, 8).value(8);}</pre>
 *
 * A value set in Java must lie in [min, max]; changing the range moves the value into it. A value
 * from a front end that is not an integer or lies outside the range is refused.
 */
public final class IntSlider extends NumberSlider<IntSlider, Integer> {

  private static final Kind<Integer> KIND =
      new Kind<>("IntSlider", "d", Codec.INT, Codec.INT, 0, 100, 1);

  /** A slider from 0 to 100 in steps of 1, at 0, labelled {@code description}. */
  public IntSlider(String description) {
    super(KIND, description);
  }

  /** Sets both ends (min ≤ max); the value moves into the new range. */
  public IntSlider range(int min, int max) {
    return setRange(min, max);
  }

  public IntSlider min(int min) {
    return setMin(min);
  }

  public IntSlider max(int max) {
    return setMax(max);
  }

  public IntSlider step(int step) {
    return setStep(step);
  }

  public IntSlider value(int v) {
    return setValue(v);
  }

  public int min() {
    return minValue();
  }

  public int max() {
    return maxValue();
  }

  public int step() {
    return stepValue();
  }
}
