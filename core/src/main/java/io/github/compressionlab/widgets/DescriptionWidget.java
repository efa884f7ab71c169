package io.github.compressionlab.widgets;

/**
 * A control with a description label beside it and a style model.
 *
 * @param <S> the concrete widget, so that setters chain
 * @param <T> its style model
 */
public abstract class DescriptionWidget<S extends DescriptionWidget<S, T>, T extends Style>
    extends DomWidget<S> {

  private final Trait<String> description;
  private final Trait<Boolean> descriptionAllowHtml =
      trait("description_allow_html", Codec.BOOL, false);
  private final Trait<T> style;

  DescriptionWidget(ModelSpec model, ModelSpec view, String description, T style) {
    super(model, view);
    this.description = trait("description", Codec.STRING, description == null ? "" : description);
    this.style = trait("style", Codec.reference(), style);
  }

  /** The label beside the control. */
  public S description(String text) {
    set(description, text == null ? "" : text);
    return self();
  }

  public String description() {
    return get(description);
  }

  /** Whether the description is HTML (default: plain text). */
  public S descriptionAllowHtml(boolean html) {
    set(descriptionAllowHtml, html);
    return self();
  }

  /** The style model: {@code slider.style().handleColor("orange")}. */
  public T style() {
    return get(style);
  }

  /** {@code description='T'} for {@link #toString()}, if there is one. */
  final void describeDescription(java.util.List<String> parts) {
    if (!description().isEmpty()) {
      parts.add("description=" + quoted(description()));
    }
  }
}
