package io.github.compressionlab.widgets;

/** How a slider answers the mouse: drag the handle, tap the track, or both (the default). */
public enum SliderBehavior {
  DRAG_TAP,
  DRAG_SNAP,
  TAP,
  DRAG,
  SNAP;

  String wire() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  static final Codec<SliderBehavior> CODEC =
      Codec.enumOf(SliderBehavior.class, SliderBehavior::wire);
}
