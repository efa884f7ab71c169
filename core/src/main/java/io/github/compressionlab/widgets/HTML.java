package io.github.compressionlab.widgets;

import java.util.List;

/**
 * A piece of HTML (ipywidgets' {@code HTML}), e.g. a small table of figures a callback rewrites.
 * Static markup only: the front end does not run scripts in it.
 */
public final class HTML extends DescriptionWidget<HTML, HTMLStyle> {

  private final Trait<String> placeholder = trait("placeholder", Codec.STRING, "\u200b");
  private final Trait<String> value = trait("value", Codec.STRING, "");

  public HTML(String html) {
    super(ModelSpec.controls("HTMLModel"), ModelSpec.controls("HTMLView"), "", new HTMLStyle());
    value(html);
  }

  public HTML value(String html) {
    set(value, html == null ? "" : html);
    return this;
  }

  public String value() {
    return get(value);
  }

  public HTML placeholder(String text) {
    set(placeholder, text);
    return this;
  }

  @Override
  void describe(List<String> parts) {
    parts.add("value=" + quoted(value()));
  }

  @Override
  public String staticHtml() {
    return value();
  }
}
