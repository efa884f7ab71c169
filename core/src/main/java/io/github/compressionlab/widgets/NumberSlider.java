package io.github.compressionlab.widgets;

import java.util.List;
import java.util.function.Consumer;

/**
 * A slider over evenly spaced numbers, what {@link IntSlider} and {@link FloatSlider} share: {@code
 * min}, {@code max}, {@code step} and {@code value} on the wire, a value that a setter or a front
 * end may only put inside [min, max], and a range whose change moves the value into it.
 *
 * @param <S> the concrete slider, so that setters chain
 * @param <V> its value type
 */
public abstract class NumberSlider<S extends NumberSlider<S, V>, V extends Number & Comparable<V>>
    extends Slider<S, V> {

  /**
   * What differs between the number types: the model's name prefix ({@code "IntSlider"}), the
   * readout format, the codecs of the value and of the step, and the defaults of ipywidgets.
   */
  record Kind<V>(
      String name,
      String readoutFormat,
      Codec<V> codec,
      Codec<V> stepCodec,
      V zero,
      V defaultMax,
      V defaultStep) {}

  private final String name;
  private final Trait<V> min;
  private final Trait<V> max;
  private final Trait<V> step;
  private final Trait<V> value;

  NumberSlider(Kind<V> kind, String description) {
    super(kind.name() + "Model", kind.name() + "View", description, kind.readoutFormat());
    this.name = kind.name();
    this.min = trait("min", kind.codec(), kind.zero());
    this.max = trait("max", kind.codec(), kind.defaultMax());
    this.step = trait("step", kind.stepCodec(), kind.defaultStep(), NumberSlider::positive);
    this.value =
        writable(
            "value",
            kind.codec(),
            kind.zero(),
            v -> outside(v.doubleValue(), get(min).doubleValue(), get(max).doubleValue()));
  }

  /** Null for a positive step or none (null: the front end chooses), else why not. */
  static String positive(Number s) {
    return s == null || s.doubleValue() > 0 ? null : "the step must be positive, got " + s;
  }

  /** Sets both ends (min ≤ max); the value moves into the new range. */
  final S setRange(V lo, V hi) {
    if (Double.isNaN(lo.doubleValue()) || Double.isNaN(hi.doubleValue()) || lo.compareTo(hi) > 0) {
      throw new IllegalArgumentException(name + " range: min " + lo + " > max " + hi);
    }
    batch(
        () -> {
          set(min, lo);
          set(max, hi);
          V v = value();
          set(value, v.compareTo(lo) < 0 ? lo : v.compareTo(hi) > 0 ? hi : v);
        });
    return self();
  }

  final S setMin(V lo) {
    return setRange(lo, lo.compareTo(get(max)) > 0 ? lo : get(max));
  }

  final S setMax(V hi) {
    return setRange(hi.compareTo(get(min)) < 0 ? hi : get(min), hi);
  }

  final S setStep(V s) {
    set(step, s);
    return self();
  }

  final S setValue(V v) {
    set(value, v);
    return self();
  }

  final V minValue() {
    return get(min);
  }

  final V maxValue() {
    return get(max);
  }

  final V stepValue() {
    return get(step);
  }

  @Override
  public V value() {
    return get(value);
  }

  @Override
  public Subscription onChange(Consumer<? super V> listener) {
    return value.listen(listener);
  }

  @Override
  void describeRange(List<String> parts) {
    parts.add("min=" + get(min));
    parts.add("max=" + get(max));
  }
}
