package io.github.compressionlab.widgets;

import java.util.ArrayList;
import java.util.List;

/**
 * A container that lays out other widgets (ipywidgets' boxes): in a row ({@link HBox}) or a column
 * ({@link VBox}).
 *
 * @param <S> the concrete box, so that setters chain
 */
public abstract class Box<S extends Box<S>> extends DomWidget<S> {

  private final Trait<Emphasis> boxStyle =
      trait(
          "box_style",
          Emphasis.CODEC,
          Emphasis.NONE,
          e -> e == Emphasis.PRIMARY ? "boxes have no primary style" : null);
  private final Trait<List<Widget>> children =
      trait("children", Codec.listOf(Codec.reference()), List.of());

  Box(String model, String view, List<? extends Widget> children) {
    super(ModelSpec.controls(model), ModelSpec.controls(view));
    children(children);
  }

  public S children(List<? extends Widget> widgets) {
    set(children, List.copyOf(widgets));
    return self();
  }

  public List<Widget> children() {
    return get(children);
  }

  public S boxStyle(Emphasis style) {
    set(boxStyle, style);
    return self();
  }

  @Override
  void describe(List<String> parts) {
    List<String> c = new ArrayList<>();
    for (Widget w : children()) {
      c.add(w.toString());
    }
    parts.add("children=" + c);
  }

  /**
   * The children's static forms one after the other, if any child has one (an output, an image);
   * controls show as their text. Null for a box of controls only.
   */
  @Override
  public String staticHtml() {
    StringBuilder html = new StringBuilder("<div class=\"lab-widget-box\">");
    boolean rich = false;
    for (Widget w : children()) {
      String h = w.staticHtml();
      if (h != null) {
        rich = true;
        html.append(h);
      } else {
        html.append("<div><code>").append(escapeHtml(w.toString())).append("</code></div>");
      }
    }
    return rich ? html.append("</div>").toString() : null;
  }
}
