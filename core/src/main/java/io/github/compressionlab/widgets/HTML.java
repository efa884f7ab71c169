package io.github.compressionlab.widgets;

/**
 * A piece of HTML (ipywidgets' {@code HTML}), e.g. a small table of figures a callback rewrites.
 * Static markup only: the front end does not run scripts in it.
 */
public final class HTML extends StringWidget<HTML, HTMLStyle> {

  public HTML(String html) {
    super("HTML", html, new HTMLStyle());
  }

  @Override
  public String staticHtml() {
    return value();
  }
}
