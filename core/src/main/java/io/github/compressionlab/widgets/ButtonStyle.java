package io.github.compressionlab.widgets;

/**
 * The style of buttons (ipywidgets' {@code ButtonStyleModel}): the button's colour and its text's
 * font ({@link FontStyle}); CSS values, null for the default.
 */
public final class ButtonStyle extends FontStyle<ButtonStyle> {

  private final Trait<String> buttonColor =
      trait("button_color", Codec.nullable(Codec.STRING), null);

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
}
