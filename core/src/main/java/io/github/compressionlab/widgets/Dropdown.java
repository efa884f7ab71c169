package io.github.compressionlab.widgets;

import java.util.List;

/**
 * A drop-down list (ipywidgets' {@code Dropdown}) of typed options:
 *
 * <pre>{@code
 * var image = Dropdown.of("image", List.of(3, 17, 42));          // labels "3", "17", "42"
 * var model = new Dropdown<Sequential>("model").option("teacher", teacher).option("student", s);
 * }</pre>
 */
public final class Dropdown<T> extends Selection<T, Dropdown<T>, DescriptionStyle> {

  public Dropdown(String description) {
    super("DropdownModel", "DropdownView", description, new DescriptionStyle());
  }

  /** A dropdown over {@code values}, labelled by {@code String.valueOf}, the first one chosen. */
  public static <T> Dropdown<T> of(String description, List<? extends T> values) {
    return new Dropdown<T>(description).options(values);
  }
}
