package io.github.compressionlab.widgets;

/**
 * The style of check boxes (ipywidgets' {@code CheckboxStyleModel}): CSS values, null for the
 * default.
 */
public final class CheckboxStyle extends Style {

  private final Trait<String> background = trait("background", Codec.nullable(Codec.STRING), null);
  private final Trait<String> descriptionWidth = trait("description_width", Codec.STRING, "");

  CheckboxStyle() {
    super("CheckboxStyleModel");
  }

  /** Background specifications (null: the front end's default). */
  public CheckboxStyle background(String value) {
    set(background, value);
    return this;
  }

  public String background() {
    return get(background);
  }

  /** Width of the description to the side of the control. */
  public CheckboxStyle descriptionWidth(String value) {
    set(descriptionWidth, value);
    return this;
  }

  public String descriptionWidth() {
    return get(descriptionWidth);
  }
}
