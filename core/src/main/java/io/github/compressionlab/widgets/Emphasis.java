package io.github.compressionlab.widgets;

/**
 * The predefined look of buttons and boxes ({@code button_style}, {@code box_style}): none, or the
 * front end's primary, success, info, warning or danger colours. Boxes have no primary.
 */
public enum Emphasis {
  NONE,
  PRIMARY,
  SUCCESS,
  INFO,
  WARNING,
  DANGER;

  String wire() {
    return this == NONE ? "" : name().toLowerCase(java.util.Locale.ROOT);
  }

  static final Codec<Emphasis> CODEC = Codec.enumOf(Emphasis.class, Emphasis::wire);
}
