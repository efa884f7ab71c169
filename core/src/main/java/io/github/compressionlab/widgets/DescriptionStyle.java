package io.github.compressionlab.widgets;

/**
 * The style of dropdowns (ipywidgets' {@code DescriptionStyleModel}): CSS values, null for the
 * default.
 */
public final class DescriptionStyle extends Style {

  private final Trait<String> descriptionWidth = trait("description_width", Codec.STRING, "");

  DescriptionStyle() {
    super("DescriptionStyleModel");
  }

  /** Width of the description to the side of the control. */
  public DescriptionStyle descriptionWidth(String value) {
    set(descriptionWidth, value);
    return this;
  }

  public String descriptionWidth() {
    return get(descriptionWidth);
  }
}
