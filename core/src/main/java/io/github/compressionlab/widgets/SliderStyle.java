package io.github.compressionlab.widgets;

/**
 * The style of sliders (ipywidgets' {@code SliderStyleModel}): CSS values, null for the default.
 */
public final class SliderStyle extends Style {

  private final Trait<String> descriptionWidth = trait("description_width", Codec.STRING, "");
  private final Trait<String> handleColor =
      trait("handle_color", Codec.nullable(Codec.STRING), null);

  SliderStyle() {
    super("SliderStyleModel");
  }

  /** Width of the description to the side of the control. */
  public SliderStyle descriptionWidth(String value) {
    set(descriptionWidth, value);
    return this;
  }

  public String descriptionWidth() {
    return get(descriptionWidth);
  }

  /** Color of the slider handle (null: the front end's default). */
  public SliderStyle handleColor(String value) {
    set(handleColor, value);
    return this;
  }

  public String handleColor() {
    return get(handleColor);
  }
}
