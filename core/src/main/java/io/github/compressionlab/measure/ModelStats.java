package io.github.compressionlab.measure;

import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.nn.Parameter;
import io.github.compressionlab.nn.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The size of a model, counted rather than estimated.
 *
 * @param params number of parameters
 * @param nonZeroParams parameters that are not exactly zero (what pruning reduces)
 * @param flops floating-point operations per example, multiply-add = 2
 * @param fileBytes bytes of the model's real {@link ModelFile}, written to a temporary file
 */
public record ModelStats(long params, long nonZeroParams, long flops, long fileBytes) {

  /** Counts parameters and FLOPs and measures the file {@link ModelFile#save} writes. */
  public static ModelStats of(Sequential m) {
    return new ModelStats(m.paramCount(), nonZero(m), m.flops(), fileBytes(m));
  }

  /** Fraction of parameters that are zero, in {@code [0,1]}. */
  public double sparsity() {
    return params == 0 ? 0 : 1.0 - (double) nonZeroParams / params;
  }

  /** Parameters that are not exactly zero. */
  public static long nonZero(Sequential m) {
    long n = 0;
    for (Parameter p : m.parameters().values()) {
      for (float v : p.value().castTo(DataType.FLOAT).dup('c').data().asFloat()) {
        if (v != 0f) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * Size in bytes of the model saved as a {@link ModelFile} (written to a temp file, then deleted).
   */
  public static long fileBytes(Sequential m) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("compression-lab-size-", ".safetensors");
      ModelFile.save(m, tmp, Map.of());
      return Files.size(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not write a temporary model file to measure its size: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover temp file is harmless
        }
      }
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "ModelStats[%,d params (%,d non-zero, %.1f%% sparse), %,d FLOPs/example, file %,.1f KB]",
        params,
        nonZeroParams,
        100 * sparsity(),
        flops,
        fileBytes / 1024.0);
  }
}
