package io.github.compressionlab.widgets;

import java.util.List;

/** Widgets side by side: {@code HBox.of(alpha, t)}. */
public final class HBox extends Box<HBox> {

  public HBox(List<? extends Widget> children) {
    super("HBoxModel", "HBoxView", children);
  }

  public static HBox of(Widget... children) {
    return new HBox(List.of(children));
  }
}
