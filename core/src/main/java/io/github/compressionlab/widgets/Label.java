package io.github.compressionlab.widgets;

/** A line of plain text (ipywidgets' {@code Label}), e.g. a readout a callback updates. */
public final class Label extends StringWidget<Label, LabelStyle> {

  public Label(String value) {
    super("Label", value, new LabelStyle());
  }

  @Override
  public String staticHtml() {
    return "<div>" + escapeHtml(value()) + "</div>";
  }
}
