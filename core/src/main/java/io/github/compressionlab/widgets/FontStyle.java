package io.github.compressionlab.widgets;

/**
 * The font of a style model, what {@link ButtonStyle} and {@link LabelStyle} share: CSS values,
 * null for the front end's default.
 *
 * @param <S> the concrete style, so that setters chain
 */
public abstract class FontStyle<S extends FontStyle<S>> extends Style {

  private final Trait<String> fontFamily = trait("font_family", Codec.nullable(Codec.STRING), null);
  private final Trait<String> fontSize = trait("font_size", Codec.nullable(Codec.STRING), null);
  private final Trait<String> fontStyle = trait("font_style", Codec.nullable(Codec.STRING), null);
  private final Trait<String> fontVariant =
      trait("font_variant", Codec.nullable(Codec.STRING), null);
  private final Trait<String> fontWeight = trait("font_weight", Codec.nullable(Codec.STRING), null);
  private final Trait<String> textColor = trait("text_color", Codec.nullable(Codec.STRING), null);
  private final Trait<String> textDecoration =
      trait("text_decoration", Codec.nullable(Codec.STRING), null);

  FontStyle(String modelName) {
    super(modelName);
  }

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  /** Font family, e.g. {@code "monospace"}. */
  public S fontFamily(String value) {
    set(fontFamily, value);
    return self();
  }

  public String fontFamily() {
    return get(fontFamily);
  }

  /** Font size, e.g. {@code "14px"}. */
  public S fontSize(String value) {
    set(fontSize, value);
    return self();
  }

  public String fontSize() {
    return get(fontSize);
  }

  /** Font style, e.g. {@code "italic"}. */
  public S fontStyle(String value) {
    set(fontStyle, value);
    return self();
  }

  public String fontStyle() {
    return get(fontStyle);
  }

  /** Font variant, e.g. {@code "small-caps"}. */
  public S fontVariant(String value) {
    set(fontVariant, value);
    return self();
  }

  public String fontVariant() {
    return get(fontVariant);
  }

  /** Font weight, e.g. {@code "bold"}. */
  public S fontWeight(String value) {
    set(fontWeight, value);
    return self();
  }

  public String fontWeight() {
    return get(fontWeight);
  }

  /** Text color, e.g. {@code "darkred"}. */
  public S textColor(String value) {
    set(textColor, value);
    return self();
  }

  public String textColor() {
    return get(textColor);
  }

  /** Text decoration, e.g. {@code "underline"}. */
  public S textDecoration(String value) {
    set(textDecoration, value);
    return self();
  }

  public String textDecoration() {
    return get(textDecoration);
  }
}
