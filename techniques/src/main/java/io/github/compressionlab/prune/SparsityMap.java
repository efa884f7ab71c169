package io.github.compressionlab.prune;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Pictures of where the kept weights are: dark = kept, white = pruned. */
public final class SparsityMap {
  private SparsityMap() {}

  /**
   * The weight matrix as an image, one pixel (times {@code scale}) per weight: a Dense {@code [in,
   * out]} weight is drawn with one row per neuron (out) and one column per input (in), so for the
   * first layer of an image model each row is one neuron's view of the picture, flattened.
   */
  public static BufferedImage matrix(INDArray denseWeight, int scale) {
    if (denseWeight.rank() != 2 || scale < 1) {
      throw new IllegalArgumentException(
          "need a 2-D weight [in, out] and scale >= 1; got shape "
              + Arrays.toString(denseWeight.shape())
              + ", scale "
              + scale);
    }
    int in = (int) denseWeight.size(0);
    int out = (int) denseWeight.size(1);
    float[] v = denseWeight.dup('c').data().asFloat();
    BufferedImage img = new BufferedImage(in * scale, out * scale, BufferedImage.TYPE_INT_RGB);
    int kept = new Color(30, 60, 120).getRGB();
    int pruned = Color.WHITE.getRGB();
    for (int i = 0; i < in; i++) {
      for (int j = 0; j < out; j++) {
        int rgb = v[i * out + j] != 0f ? kept : pruned;
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) {
            img.setRGB(i * scale + dx, j * scale + dy, rgb);
          }
        }
      }
    }
    return img;
  }

  /**
   * For a first Dense layer on {@code height × width} images: how many neurons still look at each
   * pixel, as a grey image (black = all neurons, white = none), scaled up by {@code scale}.
   */
  public static BufferedImage pixels(INDArray firstWeight, int height, int width, int scale) {
    if (firstWeight.rank() != 2 || firstWeight.size(0) != (long) height * width) {
      throw new IllegalArgumentException(
          "the first layer's weight must be ["
              + height * width
              + ", neurons] for "
              + height
              + "x"
              + width
              + " images; got "
              + Arrays.toString(firstWeight.shape()));
    }
    int out = (int) firstWeight.size(1);
    float[] v = firstWeight.dup('c').data().asFloat();
    BufferedImage img =
        new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
    for (int p = 0; p < height * width; p++) {
      int n = 0;
      for (int j = 0; j < out; j++) {
        if (v[p * out + j] != 0f) {
          n++;
        }
      }
      int grey = 255 - Math.round(255f * n / out);
      int rgb = new Color(grey, grey, grey).getRGB();
      int y = p / width;
      int x = p % width;
      for (int dy = 0; dy < scale; dy++) {
        for (int dx = 0; dx < scale; dx++) {
          img.setRGB(x * scale + dx, y * scale + dy, rgb);
        }
      }
    }
    return img;
  }
}
