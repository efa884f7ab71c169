package io.github.compressionlab.widgets;

import com.google.gson.JsonObject;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The host when no kernel is running (a plain program, a test): no front end, so widgets are plain
 * observable objects; values render as text (images as PNG); captures still collect prints.
 */
final class StandaloneHost implements WidgetHost {

  private final Object lock = new Object();

  @Override
  public boolean connected() {
    return false;
  }

  @Override
  public void open(String modelId, JsonObject data, List<byte[]> buffers, Object origin) {}

  @Override
  public void send(String modelId, JsonObject data, List<byte[]> buffers, Object origin) {}

  @Override
  public void close(String modelId, Object origin) {}

  @Override
  public MimeBundle render(Object value) {
    MimeBundle b = MimeBundle.text(String.valueOf(value));
    if (value instanceof RenderedImage image) {
      try {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        b.data().addProperty("image/png", Base64.getEncoder().encodeToString(png.toByteArray()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else if (value instanceof Widget w) {
      String html = w.staticHtml();
      if (html != null) {
        b.data().addProperty("text/html", html);
      }
    }
    return b;
  }

  @Override
  public void runExclusive(Runnable task) {
    synchronized (lock) {
      task.run();
    }
  }

  @Override
  public Capture capture(OutputSink sink) {
    return StreamCapture.start(sink);
  }

  @Override
  public ErrorOutput describe(Throwable error) {
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    return new ErrorOutput(
        error.getClass().getSimpleName(), error.getMessage(), trace.toString().lines().toList());
  }

  @Override
  public void log(String line) {
    System.err.println("[widgets] " + line);
  }
}
