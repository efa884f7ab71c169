package io.github.compressionlab.widgets;

import java.util.List;

/**
 * A widget that shows a string a callback may rewrite, what {@link Label} and {@link HTML} share
 * (ipywidgets' {@code _String}): its {@code value} and the {@code placeholder} shown while the
 * value is empty.
 *
 * @param <S> the concrete widget, so that setters chain
 * @param <T> its style model
 */
public abstract class StringWidget<S extends StringWidget<S, T>, T extends Style>
    extends DescriptionWidget<S, T> {

  private final Trait<String> placeholder = trait("placeholder", Codec.STRING, "\u200b");
  private final Trait<String> value = trait("value", Codec.STRING, "");

  StringWidget(String kind, String value, T style) {
    super(ModelSpec.controls(kind + "Model"), ModelSpec.controls(kind + "View"), "", style);
    value(value);
  }

  public S value(String text) {
    set(value, text == null ? "" : text);
    return self();
  }

  public String value() {
    return get(value);
  }

  /** Shown while the value is empty. */
  public S placeholder(String text) {
    set(placeholder, text);
    return self();
  }

  @Override
  void describe(List<String> parts) {
    parts.add("value=" + quoted(value()));
  }
}
