package io.github.compressionlab.kernel;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Readable text for an {@link INDArray}: shape and dtype on the first line, then the values with
 * long dimensions clipped to their first and last few entries.
 */
final class NdArrayText {

  static final int EDGE = 3;
  static final int MAX_FULL = 2 * EDGE + 1;

  private NdArrayText() {}

  static String format(INDArray a) {
    long[] shape = a.shape();
    StringBuilder out = new StringBuilder();
    out.append("INDArray ")
        .append(Arrays.toString(shape))
        .append(' ')
        .append(a.dataType())
        .append(a.isView() ? " (view)" : "")
        .append('\n');
    if (a.isEmpty()) {
      return out.append("[]").toString();
    }
    if (a.rank() == 0) {
      return out.append(number(a.getDouble(0))).toString();
    }
    INDArray values = a;
    if (values.dataType().isNumerical() == false) {
      return out.append(a.toString()).toString();
    }
    appendDim(values, new long[shape.length], 0, out, 0);
    return out.toString();
  }

  private static void appendDim(INDArray a, long[] index, int dim, StringBuilder out, int indent) {
    long n = a.size(dim);
    out.append('[');
    for (long i = 0; i < n; i++) {
      if (n > MAX_FULL && i == EDGE) {
        out.append(dim == a.rank() - 1 ? "..., " : "...,\n" + " ".repeat(indent + 1));
        i = n - EDGE - 1;
        continue;
      }
      index[dim] = i;
      if (dim == a.rank() - 1) {
        out.append(number(a.getDouble(index)));
      } else {
        appendDim(a, index, dim + 1, out, indent + 1);
      }
      if (i < n - 1) {
        out.append(dim == a.rank() - 1 ? ", " : ",\n" + " ".repeat(indent + 1));
      }
    }
    out.append(']');
  }

  private static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e7) {
      return String.format("%.1f", v);
    }
    if (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5) {
      return String.format("%.4f", v);
    }
    return String.format("%.3e", v);
  }
}
