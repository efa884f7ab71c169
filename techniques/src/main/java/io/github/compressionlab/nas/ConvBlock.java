package io.github.compressionlab.nas;

import java.util.Locale;

/**
 * One conv block of an {@link Architecture}: a convolution with {@code width} output channels and a
 * {@code kernel}x{@code kernel} window ("same" padding, stride 1), a ReLU, then {@code pooling}.
 */
public record ConvBlock(int width, int kernel, Pooling pooling) {
  public ConvBlock {
    if (width < 1 || kernel < 1 || kernel % 2 == 0 || pooling == null) {
      throw new IllegalArgumentException(
          "a conv block needs width >= 1, an odd kernel size (for same padding) and a pooling; got"
              + " width "
              + width
              + ", kernel "
              + kernel
              + ", pooling "
              + pooling);
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "%dk%d%s", width, kernel, pooling == Pooling.MAX ? "+pool" : "");
  }
}
