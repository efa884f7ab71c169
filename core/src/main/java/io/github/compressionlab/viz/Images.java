package io.github.compressionlab.viz;

import io.github.compressionlab.data.Dataset;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Pictures of image data: a grid of grey-scale examples with their class names. */
public final class Images {

  private static final int CAPTION = 16;
  private static final int GAP = 6;

  private Images() {}

  /**
   * The first {@code count} images of a data set with their class names, {@code columns} to a row,
   * drawn at twice their size: {@code Images.grid(FashionMnist.train(), 16, 8)}.
   */
  public static BufferedImage grid(Dataset data, int count, int columns) {
    return grid(data.images(), data.labels(), data.classNames(), count, columns, 2);
  }

  /**
   * A grid of the first {@code count} images, each scaled up by {@code scale} and captioned with
   * its class name, e.g. {@code Images.grid(train.images(), train.labels(), train.classNames(), 16,
   * 8, 3)}.
   *
   * @param images float [N,1,H,W] (or [N,H,W]) with values in [0,1]
   * @param labels class index per image, or null for no captions
   * @param classNames names of the classes, indexed by label
   */
  public static BufferedImage grid(
      INDArray images, int[] labels, List<String> classNames, int count, int columns, int scale) {
    long[] shape = images.shape();
    if (shape.length < 3 || (shape.length == 4 && shape[1] != 1) || shape.length > 4) {
      throw new IllegalArgumentException(
          "expected grey-scale images [N,1,H,W] or [N,H,W]; got shape "
              + java.util.Arrays.toString(shape));
    }
    int n = (int) Math.min(count, shape[0]);
    if (n < 1 || columns < 1 || scale < 1) {
      throw new IllegalArgumentException(
          "count, columns and scale must be at least 1; got "
              + count
              + ", "
              + columns
              + ", "
              + scale);
    }
    int h = (int) shape[shape.length - 2];
    int w = (int) shape[shape.length - 1];
    int cols = Math.min(columns, n);
    int rows = (n + cols - 1) / cols;
    int caption = labels == null ? 0 : CAPTION;
    int cellW = Math.max(w * scale, 60);
    int cellH = h * scale + caption;
    BufferedImage out =
        new BufferedImage(
            cols * (cellW + GAP) + GAP, rows * (cellH + GAP) + GAP, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    INDArray flat = images.reshape(shape[0], (long) h * w);
    for (int i = 0; i < n; i++) {
      int x0 = GAP + (i % cols) * (cellW + GAP) + (cellW - w * scale) / 2;
      int y0 = GAP + (i / cols) * (cellH + GAP);
      float[] pixels = flat.getRow(i).toFloatVector();
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float v = Math.max(0f, Math.min(1f, pixels[y * w + x]));
          int grey = 255 - Math.round(v * 255); // dark ink on white paper
          g.setColor(new Color(grey, grey, grey));
          g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
        }
      }
      if (labels != null) {
        String name =
            classNames != null && labels[i] >= 0 && labels[i] < classNames.size()
                ? classNames.get(labels[i])
                : String.valueOf(labels[i]);
        int cx = GAP + (i % cols) * (cellW + GAP) + (cellW - fm.stringWidth(name)) / 2;
        g.setColor(Color.DARK_GRAY);
        g.drawString(name, Math.max(cx, 0), y0 + h * scale + fm.getAscent() + 2);
      }
    }
    g.dispose();
    return out;
  }
}
