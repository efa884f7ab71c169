package io.github.compressionlab.widgets;

/**
 * The style of labels (ipywidgets' {@code LabelStyleModel}): background, description width and the
 * text's font ({@link FontStyle}); CSS values, null for the default.
 */
public final class LabelStyle extends FontStyle<LabelStyle> {

  private final Trait<String> background = trait("background", Codec.nullable(Codec.STRING), null);
  private final Trait<String> descriptionWidth = trait("description_width", Codec.STRING, "");

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
}
