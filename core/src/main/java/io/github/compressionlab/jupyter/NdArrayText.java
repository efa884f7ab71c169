package io.github.compressionlab.jupyter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Readable text for an {@link INDArray}: shape and dtype on the first line, then the values with
 * long dimensions clipped to their first and last few entries.
 */
public final class NdArrayText {

  static final int EDGE = 3;
  static final int MAX_FULL = 2 * EDGE + 1;

  private NdArrayText() {}

  public static String format(INDArray a) {
    long[] shape = a.shape();
    StringBuilder out = new StringBuilder();
    out.append("INDArray ")
        .append(Arrays.toString(shape))
        .append(' ')
        .append(a.dataType())
        .append('\n');
    if (a.isEmpty()) {
      return out.append("[]").toString();
    }
    if (!a.dataType().isNumerical()) {
      return out.append(a.toString()).toString();
    }
    if (a.rank() == 0) {
      return out.append(Format.of(new double[] {a.getDouble(0)}).apply(a.getDouble(0))).toString();
    }
    List<Double> shown = new ArrayList<>();
    collect(a, new long[shape.length], 0, shown);
    Format format = Format.of(shown.stream().mapToDouble(Double::doubleValue).toArray());
    appendDim(a, new long[shape.length], 0, out, 0, format);
    return out.toString();
  }

  /** One number format for all shown values, as numpy does: integers, fixed or scientific. */
  private record Format(String pattern) {
    static Format of(double[] values) {
      boolean integral = true;
      double maxAbs = 0;
      double minAbs = Double.POSITIVE_INFINITY;
      for (double v : values) {
        if (Double.isFinite(v)) {
          integral &= v == Math.rint(v);
          maxAbs = Math.max(maxAbs, Math.abs(v));
          if (v != 0) {
            minAbs = Math.min(minAbs, Math.abs(v));
          }
        }
      }
      if (integral && maxAbs < 1e7) {
        return new Format("%.0f.");
      }
      if (maxAbs < 1e5 && (minAbs == Double.POSITIVE_INFINITY || minAbs >= 1e-4)) {
        return new Format("%.4f");
      }
      return new Format("%.3e");
    }

    String apply(double v) {
      if (!Double.isFinite(v)) {
        return Double.toString(v);
      }
      return String.format(Locale.ROOT, pattern, v);
    }
  }

  private static void collect(INDArray a, long[] index, int dim, List<Double> out) {
    long n = a.size(dim);
    for (long i = 0; i < n; i++) {
      if (n > MAX_FULL && i == EDGE) {
        i = n - EDGE - 1;
        continue;
      }
      index[dim] = i;
      if (dim == a.rank() - 1) {
        out.add(a.getDouble(index));
      } else {
        collect(a, index, dim + 1, out);
      }
    }
  }

  private static void appendDim(
      INDArray a, long[] index, int dim, StringBuilder out, int indent, Format format) {
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
        out.append(format.apply(a.getDouble(index)));
      } else {
        appendDim(a, index, dim + 1, out, indent + 1, format);
      }
      if (i < n - 1) {
        out.append(dim == a.rank() - 1 ? ", " : ",\n" + " ".repeat(indent + 1));
      }
    }
    out.append(']');
  }
}
