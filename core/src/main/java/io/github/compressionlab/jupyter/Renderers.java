package io.github.compressionlab.jupyter;

import io.github.compressionlab.TableView;
import io.github.compressionlab.viz.HtmlRenderable;
import io.github.compressionlab.viz.Tables;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.Table;

/**
 * How a JJava-based kernel (the lab's own, or the stock JJava kernel through {@link LabExtension})
 * shows the lab's kinds of object: static MIME bundles only (no scripts, no CDN), so output looks
 * the same in JupyterLab, Notebook, VS Code and nbconvert HTML.
 *
 * <ul>
 *   <li>XChart charts: image/png; image/svg+xml when asked ({@code display(chart,
 *       "image/svg+xml")})
 *   <li>Tablesaw tables: text/html and text/plain
 *   <li>INDArray: text/plain with shape, dtype and clipped values
 *   <li>{@link TableView} (the lab's results that are tables): text/html and text/plain
 *   <li>{@link HtmlRenderable}: text/html
 *   <li>images ({@code BufferedImage}): image/png (jjava-jupyter's own renderer)
 * </ul>
 */
public final class Renderers {

  private Renderers() {}

  @SuppressWarnings({"rawtypes", "unchecked"})
  public static void registerAll(Renderer renderer) {
    renderer
        .createRegistration(Chart.class)
        .preferring(MIMEType.IMAGE_PNG)
        .supporting(MIMEType.IMAGE_SVG)
        .register(
            (chart, ctx) -> {
              ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> png(chart));
              ctx.renderIfRequested(MIMEType.IMAGE_SVG, () -> svg(chart));
              ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> chartText(chart));
            });
    renderer
        .createRegistration(Table.class)
        .preferring(MIMEType.TEXT_HTML)
        .supporting(MIMEType.TEXT_PLAIN)
        .register(
            (table, ctx) -> {
              ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> Tables.toHtml(table));
              ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> Tables.toText(table));
            });
    renderer
        .createRegistration(INDArray.class)
        .preferring(MIMEType.TEXT_PLAIN)
        .register(
            (array, ctx) ->
                ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> NdArrayText.format(array)));
    renderer
        .createRegistration(BufferedImage.class)
        .preferring(MIMEType.IMAGE_PNG)
        .register(
            (image, ctx) -> {
              Image.renderImage(image, ctx);
              ctx.renderIfRequested(
                  MIMEType.TEXT_PLAIN, () -> "image " + image.getWidth() + "x" + image.getHeight());
            });
    renderer
        .createRegistration(TableView.class)
        .preferring(MIMEType.TEXT_HTML)
        .supporting(MIMEType.TEXT_PLAIN)
        .register(
            (view, ctx) -> {
              ctx.renderIfRequested(
                  MIMEType.TEXT_HTML,
                  (type, out) -> {
                    String html = tableHtml(view);
                    if (html != null) {
                      out.putData(type, html);
                    }
                  });
              ctx.renderIfRequested(MIMEType.TEXT_PLAIN, view::toString);
            });
    renderer
        .createRegistration(HtmlRenderable.class)
        .preferring(MIMEType.TEXT_HTML)
        .register((obj, ctx) -> ctx.renderIfRequested(MIMEType.TEXT_HTML, obj::toHtml));
  }

  /** The table of a {@link TableView} as HTML; its text alone if the table cannot be built. */
  public static String tableHtml(TableView view) {
    try {
      Table t = view.table();
      return t == null ? null : Tables.toHtml(t);
    } catch (RuntimeException e) {
      return null; // showing text is better than failing the cell over its HTML
    }
  }

  @SuppressWarnings("rawtypes")
  static String png(Chart chart) {
    try {
      return Base64.getEncoder()
          .encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("rawtypes")
  static String svg(Chart chart) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      VectorGraphicsEncoder.saveVectorGraphic(
          chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("rawtypes")
  private static String chartText(Chart chart) {
    String title = chart.getTitle();
    return chart.getClass().getSimpleName()
        + (title == null || title.isEmpty() ? "" : " \"" + title + "\"")
        + " "
        + chart.getWidth()
        + "x"
        + chart.getHeight();
  }
}
