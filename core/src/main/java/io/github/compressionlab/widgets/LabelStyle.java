package io.github.compressionlab.widgets;

/** The style of labels (ipywidgets' {@code LabelStyleModel}): CSS values, null for the default. */
public final class LabelStyle extends Style {

  private final Trait<String> background = trait("background", Codec.nullable(Codec.STRING), null);
  private final Trait<String> descriptionWidth = trait("description_width", Codec.STRING, "");
  private final Trait<String> fontFamily = trait("font_family", Codec.nullable(Codec.STRING), null);
  private final Trait<String> fontSize = trait("font_size", Codec.nullable(Codec.STRING), null);
  private final Trait<String> fontStyle = trait("font_style", Codec.nullable(Codec.STRING), null);
  private final Trait<String> fontVariant =
      trait("font_variant", Codec.nullable(Codec.STRING), null);
  private final Trait<String> fontWeight = trait("font_weight", Codec.nullable(Codec.STRING), null);
  private final Trait<String> textColor = trait("text_color", Codec.nullable(Codec.STRING), null);
  private final Trait<String> textDecoration =
      trait("text_decoration", Codec.nullable(Codec.STRING), null);

  LabelStyle() {
    super("LabelStyleModel");
  }

  /** Background specifications (null: the front end's default). */
  public LabelStyle background(String value) {
    set(background, value);
    return this;
  }

  public String background() {
    return get(background);
  }

  /** Width of the description to the side of the control. */
  public LabelStyle descriptionWidth(String value) {
    set(descriptionWidth, value);
    return this;
  }

  public String descriptionWidth() {
    return get(descriptionWidth);
  }

  /** Label text font family (null: the front end's default). */
  public LabelStyle fontFamily(String value) {
    set(fontFamily, value);
    return this;
  }

  public String fontFamily() {
    return get(fontFamily);
  }

  /** Text font size (null: the front end's default). */
  public LabelStyle fontSize(String value) {
    set(fontSize, value);
    return this;
  }

  public String fontSize() {
    return get(fontSize);
  }

  /** Label text font style (null: the front end's default). */
  public LabelStyle fontStyle(String value) {
    set(fontStyle, value);
    return this;
  }

  public String fontStyle() {
    return get(fontStyle);
  }

  /** Label text font variant (null: the front end's default). */
  public LabelStyle fontVariant(String value) {
    set(fontVariant, value);
    return this;
  }

  public String fontVariant() {
    return get(fontVariant);
  }

  /** Label text font weight (null: the front end's default). */
  public LabelStyle fontWeight(String value) {
    set(fontWeight, value);
    return this;
  }

  public String fontWeight() {
    return get(fontWeight);
  }

  /** Text color (null: the front end's default). */
  public LabelStyle textColor(String value) {
    set(textColor, value);
    return this;
  }

  public String textColor() {
    return get(textColor);
  }

  /** Label text decoration (null: the front end's default). */
  public LabelStyle textDecoration(String value) {
    set(textDecoration, value);
    return this;
  }

  public String textDecoration() {
    return get(textDecoration);
  }
}
