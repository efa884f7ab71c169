package io.github.compressionlab.widgets;

import java.util.List;

/**
 * A row of buttons of which one is pressed (ipywidgets' {@code ToggleButtons}): a choice among a
 * few options, all in view.
 *
 * <pre>{@code var scheme = ToggleButtons.of("scheme", List.of("symmetric", "asymmetric"));}</pre>
 */
public final class ToggleButtons<T> extends Selection<T, ToggleButtons<T>, ToggleButtonsStyle> {

  private final Trait<Emphasis> buttonStyle =
      trait("button_style", Codec.nullable(Emphasis.CODEC), Emphasis.NONE);
  private final Trait<List<String>> icons = trait("icons", Codec.listOf(Codec.STRING), List.of());
  private final Trait<List<String>> tooltips =
      trait("tooltips", Codec.listOf(Codec.STRING), List.of());

  public ToggleButtons(String description) {
    super("ToggleButtonsModel", "ToggleButtonsView", description, new ToggleButtonsStyle());
  }

  /** Toggle buttons over {@code values}, labelled by {@code String.valueOf}, the first pressed. */
  public static <T> ToggleButtons<T> of(String description, List<? extends T> values) {
    return new ToggleButtons<T>(description).options(values);
  }

  public ToggleButtons<T> buttonStyle(Emphasis style) {
    set(buttonStyle, style);
    return this;
  }

  /** Font Awesome icon names, one per option (without the {@code fa-} prefix). */
  public ToggleButtons<T> icons(List<String> names) {
    set(icons, List.copyOf(names));
    return this;
  }

  /** One tooltip per option. */
  public ToggleButtons<T> tooltips(List<String> texts) {
    set(tooltips, List.copyOf(texts));
    return this;
  }
}
