package io.github.compressionlab.widgets;

/**
 * A widget's style model: colours, fonts and widths that a control's view applies (ipywidgets'
 * {@code *StyleModel}s, viewed by the base {@code StyleView}). Each control owns one.
 */
public abstract class Style extends Widget {

  Style(String modelName) {
    super(ModelSpec.controls(modelName), ModelSpec.base("StyleView"));
  }
}
