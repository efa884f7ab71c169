package io.github.compressionlab.prune;

import io.github.compressionlab.viz.Charts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * For the first Dense layer of an image model: how many of its neurons still look at each pixel
 * after pruning, i.e. the kept (non-zero) weights of each input, folded back into the picture. It
 * answers "which pixels lost their connections?" as numbers ({@link #kept}, {@link #border}, {@link
 * #centre}) and as a heat map with a colour scale ({@link #heatmap}).
 *
 * <pre>{@code
 * PixelCoverage c = PixelCoverage.of(model.parameter("fc1.weight").value(), 28, 28);
 * c.border(3);   // fraction of the connections from the 3-pixel frame that are kept
 * c.heatmap("fc1: neurons still looking at each pixel")
 * }</pre>
 */
public final class PixelCoverage {
  private final int height;
  private final int width;
  private final int neurons;
  private final int[] keptPerPixel;

  private PixelCoverage(int height, int width, int neurons, int[] keptPerPixel) {
    this.height = height;
    this.width = width;
    this.neurons = neurons;
    this.keptPerPixel = keptPerPixel;
  }

  /**
   * Counts the non-zero weights of each input of {@code firstWeight}, a Dense weight {@code [height
   * · width, neurons]} whose inputs are the pixels row by row.
   *
   * @throws IllegalArgumentException if the weight is not 2-D with {@code height · width} rows
   */
  public static PixelCoverage of(INDArray firstWeight, int height, int width) {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "the image needs a height and width of at least 1 pixel; got " + height + "x" + width);
    }
    if (firstWeight == null
        || firstWeight.rank() != 2
        || firstWeight.size(0) != (long) height * width) {
      throw new IllegalArgumentException(
          "the first layer's weight must be ["
              + (long) height * width
              + ", neurons] for "
              + height
              + "x"
              + width
              + " images (one row per pixel); got "
              + (firstWeight == null ? "null" : Arrays.toString(firstWeight.shape()))
              + ". Pass the weight of the Dense layer right after the flatten");
    }
    int out = (int) firstWeight.size(1);
    float[] v = firstWeight.dup('c').data().asFloat();
    int[] kept = new int[height * width];
    for (int p = 0; p < kept.length; p++) {
      for (int j = 0; j < out; j++) {
        if (v[p * out + j] != 0f) {
          kept[p]++;
        }
      }
    }
    return new PixelCoverage(height, width, out, kept);
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** The layer's neurons: the most connections one pixel can keep. */
  public int neurons() {
    return neurons;
  }

  /** How many neurons keep their connection from pixel ({@code row}, {@code column}). */
  public int kept(int row, int column) {
    if (row < 0 || row >= height || column < 0 || column >= width) {
      throw new IllegalArgumentException(
          "pixel ("
              + row
              + ", "
              + column
              + ") is outside the "
              + height
              + "x"
              + width
              + " image; rows and columns count from 0");
    }
    return keptPerPixel[row * width + column];
  }

  /** Kept connections over all connections of the layer. */
  public double keptFraction() {
    return fraction(false, 0, true);
  }

  /**
   * Of the connections from the frame {@code thickness} pixels wide around the image, the fraction
   * kept. With {@link #centre} the two split the image: a 28x28 image with thickness 3 has a 22x22
   * centre and 784 − 484 = 300 border pixels.
   *
   * @throws IllegalArgumentException unless {@code 1 ≤ thickness} and the centre keeps at least one
   *     pixel
   */
  public double border(int thickness) {
    checkThickness(thickness);
    return fraction(true, thickness, false);
  }

  /** Of the connections from the pixels inside the frame of {@link #border}, the fraction kept. */
  public double centre(int thickness) {
    checkThickness(thickness);
    return fraction(false, thickness, false);
  }

  private double fraction(boolean inBorder, int thickness, boolean all) {
    long kept = 0;
    long pixels = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        boolean border =
            y < thickness || x < thickness || y >= height - thickness || x >= width - thickness;
        if (all || border == inBorder) {
          kept += keptPerPixel[y * width + x];
          pixels++;
        }
      }
    }
    return (double) kept / ((double) pixels * neurons);
  }

  private void checkThickness(int thickness) {
    if (thickness < 1 || 2 * thickness >= Math.min(height, width)) {
      throw new IllegalArgumentException(
          "a border of "
              + thickness
              + " pixels does not fit a "
              + height
              + "x"
              + width
              + " image with a centre left over; use 1 to "
              + (Math.min(height, width) - 1) / 2);
    }
  }

  /**
   * The image as a heat map, one cell per pixel (row 0 at the top, as the picture): the percentage
   * of the layer's neurons that still look at the pixel, with the colour scale beside it. The scale
   * runs from 0% (white) to the best-covered pixel's percentage rounded up to a whole one (dark
   * red), so a highly pruned layer, where every pixel keeps a few percent, still shows where those
   * few are.
   */
  public HeatMapChart heatmap(String title) {
    List<String> columns = new ArrayList<>();
    for (int x = 0; x < width; x++) {
      columns.add(String.valueOf(x));
    }
    List<String> rows = new ArrayList<>();
    for (int y = 0; y < height; y++) {
      rows.add(String.valueOf(y));
    }
    double[][] percent = new double[height][width];
    double top = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        percent[y][x] = 100.0 * keptPerPixel[y * width + x] / neurons;
        top = Math.max(top, percent[y][x]);
      }
    }
    HeatMapChart chart =
        Charts.heatmap(title, "pixel column", "pixel row", columns, rows, percent, "0", false);
    // One number per pixel is unreadable at 28x28: the colour scale carries the values.
    chart.getStyler().setShowValue(false);
    chart.getStyler().setMin(0);
    // Whole percentages: the colour scale prints its top value as it is.
    chart.getStyler().setMax(top > 0 ? Math.ceil(top) : 1);
    // A label per column only fits standing up.
    chart.getStyler().setXAxisLabelRotation(90);
    return chart;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "PixelCoverage(%dx%d pixels, %d neurons, %.1f%% of connections kept)",
        height,
        width,
        neurons,
        100 * keptFraction());
  }
}
