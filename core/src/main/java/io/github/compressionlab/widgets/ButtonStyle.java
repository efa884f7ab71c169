package io.github.compressionlab.widgets;

/**
 * The style of buttons (ipywidgets' {@code ButtonStyleModel}): CSS values, null for the default.
 */
public final class ButtonStyle extends Style {

  private final Trait<String> buttonColor =
      trait("button_color", Codec.nullable(Codec.STRING), null);
  private final Trait<String> fontFamily = trait("font_family", Codec.nullable(Codec.STRING), null);
  private final Trait<String> fontSize = trait("font_size", Codec.nullable(Codec.STRING), null);
  private final Trait<String> fontStyle = trait("font_style", Codec.nullable(Codec.STRING), null);
  private final Trait<String> fontVariant =
      trait("font_variant", Codec.nullable(Codec.STRING), null);
  private final Trait<String> fontWeight = trait("font_weight", Codec.nullable(Codec.STRING), null);
  private final Trait<String> textColor = trait("text_color", Codec.nullable(Codec.STRING), null);
  private final Trait<String> textDecoration =
      trait("text_decoration", Codec.nullable(Codec.STRING), null);

  ButtonStyle() {
    super("ButtonStyleModel");
  }

  /** Color of the button (null: the front end's default). */
  public ButtonStyle buttonColor(String value) {
    set(buttonColor, value);
    return this;
  }

  public String buttonColor() {
    return get(buttonColor);
  }

  /** Button text font family (null: the front end's default). */
  public ButtonStyle fontFamily(String value) {
    set(fontFamily, value);
    return this;
  }

  public String fontFamily() {
    return get(fontFamily);
  }

  /** Button text font size (null: the front end's default). */
  public ButtonStyle fontSize(String value) {
    set(fontSize, value);
    return this;
  }

  public String fontSize() {
    return get(fontSize);
  }

  /** Button text font style (null: the front end's default). */
  public ButtonStyle fontStyle(String value) {
    set(fontStyle, value);
    return this;
  }

  public String fontStyle() {
    return get(fontStyle);
  }

  /** Button text font variant (null: the front end's default). */
  public ButtonStyle fontVariant(String value) {
    set(fontVariant, value);
    return this;
  }

  public String fontVariant() {
    return get(fontVariant);
  }

  /** Button text font weight (null: the front end's default). */
  public ButtonStyle fontWeight(String value) {
    set(fontWeight, value);
    return this;
  }

  public String fontWeight() {
    return get(fontWeight);
  }

  /** Button text color (null: the front end's default). */
  public ButtonStyle textColor(String value) {
    set(textColor, value);
    return this;
  }

  public String textColor() {
    return get(textColor);
  }

  /** Button text decoration (null: the front end's default). */
  public ButtonStyle textDecoration(String value) {
    set(textDecoration, value);
    return this;
  }

  public String textDecoration() {
    return get(textDecoration);
  }
}
