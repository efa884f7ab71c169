package io.github.compressionlab.nas;

import java.util.List;

/**
 * One typed decision of a {@link SearchSpace}: its name and the options to pick from, e.g. {@code
 * Choice("kernel size", [3, 5])}.
 */
public record Choice<T>(String name, List<T> options) {
  public Choice {
    options = List.copyOf(options);
  }

  @Override
  public String toString() {
    return name + " " + options;
  }
}
