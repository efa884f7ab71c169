package io.github.compressionlab.deploy;

import java.nio.file.Path;
import java.util.Locale;

/**
 * An {@code .onnx} file {@link OnnxExport} wrote.
 *
 * @param path where it is
 * @param bytes its size
 * @param irVersion the ONNX IR version of the model ({@link OnnxExport#IR_VERSION})
 * @param opset the version of the default operator set it imports ({@link OnnxExport#OPSET})
 * @param format what the weights are: {@code float32}, or {@code int8 QDQ (S8S8, per-channel
 *     weights)} and the like
 */
public record OnnxFile(Path path, long bytes, long irVersion, int opset, String format) {
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "OnnxFile(%s: %,d bytes, %s, IR version %d, opset %d)",
        path,
        bytes,
        format,
        irVersion,
        opset);
  }
}
