package io.github.compressionlab.widgets;

/**
 * The style of toggle buttons (ipywidgets' {@code ToggleButtonsStyleModel}): CSS values, null for
 * the default.
 */
public final class ToggleButtonsStyle extends Style {

  private final Trait<String> buttonWidth = trait("button_width", Codec.STRING, "");
  private final Trait<String> descriptionWidth = trait("description_width", Codec.STRING, "");
  private final Trait<String> fontWeight = trait("font_weight", Codec.STRING, "");

  ToggleButtonsStyle() {
    super("ToggleButtonsStyleModel");
  }

  /** The width of each button. */
  public ToggleButtonsStyle buttonWidth(String value) {
    set(buttonWidth, value);
    return this;
  }

  public String buttonWidth() {
    return get(buttonWidth);
  }

  /** Width of the description to the side of the control. */
  public ToggleButtonsStyle descriptionWidth(String value) {
    set(descriptionWidth, value);
    return this;
  }

  public String descriptionWidth() {
    return get(descriptionWidth);
  }

  /** Text font weight of each button. */
  public ToggleButtonsStyle fontWeight(String value) {
    set(fontWeight, value);
    return this;
  }

  public String fontWeight() {
    return get(fontWeight);
  }
}
