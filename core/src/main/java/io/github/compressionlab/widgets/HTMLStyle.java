package io.github.compressionlab.widgets;

/**
 * The style of HTML widgets (ipywidgets' {@code HTMLStyleModel}): CSS values, null for the default.
 */
public final class HTMLStyle extends Style {

  private final Trait<String> background = trait("background", Codec.nullable(Codec.STRING), null);
  private final Trait<String> descriptionWidth = trait("description_width", Codec.STRING, "");
  private final Trait<String> fontSize = trait("font_size", Codec.nullable(Codec.STRING), null);
  private final Trait<String> textColor = trait("text_color", Codec.nullable(Codec.STRING), null);

  HTMLStyle() {
    super("HTMLStyleModel");
  }

  /** Background specifications (null: the front end's default). */
  public HTMLStyle background(String value) {
    set(background, value);
    return this;
  }

  public String background() {
    return get(background);
  }

  /** Width of the description to the side of the control. */
  public HTMLStyle descriptionWidth(String value) {
    set(descriptionWidth, value);
    return this;
  }

  public String descriptionWidth() {
    return get(descriptionWidth);
  }

  /** Text font size (null: the front end's default). */
  public HTMLStyle fontSize(String value) {
    set(fontSize, value);
    return this;
  }

  public String fontSize() {
    return get(fontSize);
  }

  /** Text color (null: the front end's default). */
  public HTMLStyle textColor(String value) {
    set(textColor, value);
    return this;
  }

  public String textColor() {
    return get(textColor);
  }
}
