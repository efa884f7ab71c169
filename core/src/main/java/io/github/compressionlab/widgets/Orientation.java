package io.github.compressionlab.widgets;

/** Which way a slider runs. */
public enum Orientation {
  HORIZONTAL,
  VERTICAL;

  String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  static final Codec<Orientation> CODEC = Codec.enumOf(Orientation.class, Orientation::wire);
}
