package io.github.compressionlab.viz;

/**
 * A lab object that shows itself as static HTML in a notebook (no scripts, no external styles). The
 * kernel renders any such object as text/html, with {@code toString()} as text/plain.
 */
public interface HtmlRenderable {
  /** A self-contained HTML fragment. */
  String toHtml();
}
