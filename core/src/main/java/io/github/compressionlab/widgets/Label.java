package io.github.compressionlab.widgets;

import java.util.List;

/** A line of plain text (ipywidgets' {@code Label}), e.g. a readout a callback updates. */
public final class Label extends DescriptionWidget<Label, LabelStyle> {

  private final Trait<String> placeholder = trait("placeholder", Codec.STRING, "\u200b");
  private final Trait<String> value = trait("value", Codec.STRING, "");

  public Label(String value) {
    super(ModelSpec.controls("LabelModel"), ModelSpec.controls("LabelView"), "", new LabelStyle());
    value(value);
  }

  public Label value(String text) {
    set(value, text == null ? "" : text);
    return this;
  }

  public String value() {
    return get(value);
  }

  /** Shown while the value is empty. */
  public Label placeholder(String text) {
    set(placeholder, text);
    return this;
  }

  @Override
  void describe(List<String> parts) {
    parts.add("value=" + quoted(value()));
  }

  @Override
  public String staticHtml() {
    return "<div>" + escapeHtml(value()) + "</div>";
  }
}
