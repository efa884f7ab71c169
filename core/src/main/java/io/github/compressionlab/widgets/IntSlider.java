package io.github.compressionlab.widgets;

import java.util.List;
import java.util.function.Consumer;

/**
 * A slider over integers (ipywidgets' {@code IntSlider}), e.g. a bit width:
 *
 * <pre>{@code var bits = new IntSlider("bits").range(2, 8).value(8);}</pre>
 *
 * A value set in Java must lie in [min, max]; changing the range moves the value into it. A value
 * from a front end that is not an integer or lies outside the range is refused.
 */
public final class IntSlider extends Slider<IntSlider, Integer> {

  private final Trait<Integer> min = trait("min", Codec.INT, 0);
  private final Trait<Integer> max = trait("max", Codec.INT, 100);
  private final Trait<Integer> step =
      trait("step", Codec.INT, 1, s -> s > 0 ? null : "the step must be positive, got " + s);
  private final Trait<Integer> value =
      writable("value", Codec.INT, 0, v -> outside(v, get(min), get(max)));

  /** A slider from 0 to 100 in steps of 1, at 0, labelled {@code description}. */
  public IntSlider(String description) {
    super("IntSliderModel", "IntSliderView", description, "d");
  }

  /** Sets both ends (min ≤ max); the value moves into the new range. */
  public IntSlider range(int min, int max) {
    if (min > max) {
      throw new IllegalArgumentException("IntSlider range: min " + min + " > max " + max);
    }
    batch(
        () -> {
          set(this.min, min);
          set(this.max, max);
          set(value, Math.min(Math.max(value(), min), max));
        });
    return this;
  }

  public IntSlider min(int min) {
    return range(min, Math.max(min, max()));
  }

  public IntSlider max(int max) {
    return range(Math.min(min(), max), max);
  }

  public IntSlider step(int step) {
    set(this.step, step);
    return this;
  }

  public IntSlider value(int v) {
    set(value, v);
    return this;
  }

  @Override
  public Integer value() {
    return get(value);
  }

  public int min() {
    return get(min);
  }

  public int max() {
    return get(max);
  }

  public int step() {
    return get(step);
  }

  @Override
  public Subscription onChange(Consumer<? super Integer> listener) {
    return value.listen(listener);
  }

  @Override
  void describeRange(List<String> parts) {
    parts.add("min=" + min());
    parts.add("max=" + max());
  }
}
