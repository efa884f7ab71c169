package io.github.compressionlab.widgets;

import java.util.List;

/** Widgets one above the other: {@code VBox.of(HBox.of(alpha, t), chart)}. */
public final class VBox extends Box<VBox> {

  public VBox(List<? extends Widget> children) {
    super("VBoxModel", "VBoxView", children);
  }

  public static VBox of(Widget... children) {
    return new VBox(List.of(children));
  }
}
