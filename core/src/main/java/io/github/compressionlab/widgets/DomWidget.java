package io.github.compressionlab.widgets;

import java.util.ArrayList;
import java.util.List;

/**
 * A widget with a view on the page: its {@link Layout}, CSS classes, tooltip and tab order.
 *
 * @param <S> the concrete widget, so that setters chain
 */
public abstract class DomWidget<S extends DomWidget<S>> extends Widget {

  private final Layout layout = new Layout();
  private final Trait<List<String>> domClasses =
      trait("_dom_classes", Codec.listOf(Codec.STRING), List.of());
  private final Trait<Layout> layoutRef = trait("layout", Codec.reference(), layout);
  private final Trait<Boolean> tabbable = trait("tabbable", Codec.nullable(Codec.BOOL), null);
  private final Trait<String> tooltip = trait("tooltip", Codec.nullable(Codec.STRING), null);

  DomWidget(ModelSpec model, ModelSpec view) {
    super(model, view);
  }

  @SuppressWarnings("unchecked")
  final S self() {
    return (S) this;
  }

  /** The view's layout: {@code widget.layout().width("50%")}. */
  public Layout layout() {
    return get(layoutRef);
  }

  /** The text shown when the pointer rests on the view; null for none. */
  public S tooltip(String text) {
    set(tooltip, text);
    return self();
  }

  public String tooltip() {
    return get(tooltip);
  }

  /** Whether the view takes keyboard focus with Tab; null for the browser's default. */
  public S tabbable(Boolean value) {
    set(tabbable, value);
    return self();
  }

  /** Adds a CSS class to the view (a notebook's own CSS may style it). */
  public S addClass(String cssClass) {
    List<String> c = new ArrayList<>(get(domClasses));
    if (!c.contains(cssClass)) {
      c.add(cssClass);
      set(domClasses, List.copyOf(c));
    }
    return self();
  }
}
