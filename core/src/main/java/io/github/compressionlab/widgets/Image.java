package io.github.compressionlab.widgets;

import java.util.Base64;
import java.util.List;

/**
 * An image (ipywidgets' {@code Image}) whose bytes travel as a binary buffer, not as base64 text.
 * {@link #show} renders anything a cell can show as PNG (an XChart chart, a {@code BufferedImage}):
 *
 * <pre>{@code
 * var histogram = new Image().show(Charts.histogram(weights));
 * bits.onChange(b -> histogram.show(Charts.histogram(quantized(b))));
 * }</pre>
 */
public final class Image extends DomWidget<Image> {

  private final Trait<String> format = trait("format", Codec.STRING, "png");
  private final Trait<String> height = trait("height", Codec.STRING, "");
  private final Trait<byte[]> value = trait("value", Codec.BYTES, new byte[0]);
  private final Trait<String> width = trait("width", Codec.STRING, "");

  public Image() {
    super(ModelSpec.controls("ImageModel"), ModelSpec.controls("ImageView"));
  }

  /** Shows {@code picture} rendered as PNG, as a cell would render it. */
  public Image show(Object picture) {
    MimeBundle b = WidgetRuntime.current().host().render(picture);
    String png = b.string("image/png");
    if (png == null) {
      throw new IllegalArgumentException(
          "Image.show: " + picture.getClass().getName() + " does not render as image/png");
    }
    return bytes(Base64.getMimeDecoder().decode(png), "png");
  }

  /** Shows encoded image bytes of {@code format} ("png", "jpeg", "gif", "svg+xml" ...). */
  public Image bytes(byte[] data, String format) {
    batch(
        () -> {
          set(this.format, format);
          set(value, data.clone());
        });
    return this;
  }

  /** The encoded bytes shown. */
  public byte[] bytes() {
    return get(value).clone();
  }

  public String format() {
    return get(format);
  }

  /** The displayed width: pixels ("300") or CSS; empty for the image's own. */
  public Image width(String w) {
    set(width, w);
    return this;
  }

  public Image height(String h) {
    set(height, h);
    return this;
  }

  @Override
  void describe(List<String> parts) {
    parts.add("value=<" + get(value).length + " bytes of " + format() + ">");
  }

  @Override
  public String staticHtml() {
    byte[] b = get(value);
    if (b.length == 0) {
      return null;
    }
    String w = get(width).isEmpty() ? "" : " width=\"" + escapeHtml(get(width)) + "\"";
    return "<img src=\"data:image/"
        + escapeHtml(format())
        + ";base64,"
        + Base64.getEncoder().encodeToString(b)
        + "\""
        + w
        + "/>";
  }
}
