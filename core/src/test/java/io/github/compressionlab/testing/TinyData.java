package io.github.compressionlab.testing;

import io.github.compressionlab.data.Dataset;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/** Small hand-made data sets for data, io and measure tests. */
public final class TinyData {
  private TinyData() {}

  /**
   * {@code n} images of shape {@code [1,2,2]}; every pixel of image i is {@code i/100}, so a row's
   * identity can be read back from its pixels. Label of row i is {@code i % k}.
   */
  public static Dataset numbered(int n, int k) {
    float[] px = new float[n * 4];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < 4; p++) {
        px[i * 4 + p] = i / 100f;
      }
      labels[i] = i % k;
    }
    List<String> names = new java.util.ArrayList<>();
    for (int c = 0; c < k; c++) {
      names.add("c" + c);
    }
    return new Dataset("numbered", Nd4j.create(px, new long[] {n, 1, 2, 2}, 'c'), labels, names);
  }

  /**
   * Writes an IDX file: magic {@code 00 00 type ndims}, big-endian int32 dims, then {@code data};
   * gzip-compressed if asked.
   */
  public static java.nio.file.Path writeIdx(
      java.nio.file.Path file, int type, int[] dims, byte[] data, boolean gzip)
      throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    out.writeByte(0);
    out.writeByte(0);
    out.writeByte(type);
    out.writeByte(dims.length);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    out.flush();
    byte[] raw = bytes.toByteArray();
    if (gzip) {
      java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream();
      try (java.util.zip.GZIPOutputStream g = new java.util.zip.GZIPOutputStream(z)) {
        g.write(raw);
      }
      raw = z.toByteArray();
    }
    java.nio.file.Files.write(file, raw);
    return file;
  }

  /** The row a {@link #numbered} image came from, read from its first pixel. */
  public static int rowOf(float pixel) {
    return Math.round(pixel * 100f);
  }
}
