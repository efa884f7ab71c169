package io.github.compressionlab.prune;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A sparse matrix in compressed sparse row form: the non-zero values row by row, the column of
 * each, and where each row starts. In memory columns are absolute {@code int}s, for fast loops; on
 * disk they are {@link Relative relative} 8-bit offsets.
 *
 * @param rows number of rows
 * @param cols number of columns
 * @param rowPtr row r's entries are {@code rowPtr[r] .. rowPtr[r+1] − 1}; length rows + 1
 * @param colIdx column of each entry
 * @param values value of each entry
 */
public record CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
  /** Largest step one relative index can make: an unsigned byte. */
  public static final int MAX_DELTA = 255;

  public CsrMatrix {
    if (rowPtr.length != rows + 1
        || colIdx.length != values.length
        || rowPtr[rows] != values.length) {
      throw new IllegalArgumentException(
          "inconsistent CSR: "
              + rows
              + " rows need "
              + (rows + 1)
              + " row pointers ending at the entry count "
              + values.length
              + "; got "
              + rowPtr.length
              + " pointers ending at "
              + (rowPtr.length > 0 ? rowPtr[rowPtr.length - 1] : -1));
    }
  }

  /** The non-zero entries of a 2-D array (exact zeros, including −0.0, are left out). */
  public static CsrMatrix of(INDArray dense) {
    if (dense.rank() != 2) {
      throw new IllegalArgumentException(
          "CSR needs a 2-D array; got shape " + Arrays.toString(dense.shape()) + "; reshape it");
    }
    int rows = Math.toIntExact(dense.size(0));
    int cols = Math.toIntExact(dense.size(1));
    float[] v = dense.dup('c').data().asFloat();
    int nnz = 0;
    for (float x : v) {
      if (x != 0f) {
        nnz++;
      }
    }
    int[] ptr = new int[rows + 1];
    int[] col = new int[nnz];
    float[] val = new float[nnz];
    int k = 0;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        float x = v[r * cols + c];
        if (x != 0f) {
          col[k] = c;
          val[k++] = x;
        }
      }
      ptr[r + 1] = k;
    }
    return new CsrMatrix(rows, cols, ptr, col, val);
  }

  /** Number of stored entries. */
  public int nnz() {
    return values.length;
  }

  /** The dense float32 {@code [rows, cols]} array. */
  public INDArray toDense() {
    float[] v = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
        v[r * cols + colIdx[k]] = values[k];
      }
    }
    return Nd4j.create(v, new long[] {rows, cols}, 'c');
  }

  /**
   * The storage form: within a row each entry stores the distance from the previous entry's column
   * (from column −1 for the first) in one unsigned byte. A gap longer than {@value #MAX_DELTA} is
   * bridged by padding entries of value 0 that step {@value #MAX_DELTA} columns, as in Han et al.,
   * "Deep Compression" (ICLR 2016), Figure 2.
   */
  public Relative toRelative() {
    int padded = 0;
    for (int r = 0; r < rows; r++) {
      int prev = -1;
      for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
        padded += (colIdx[k] - prev - 1) / MAX_DELTA;
        prev = colIdx[k];
      }
    }
    int n = values.length + padded;
    int[] ptr = new int[rows + 1];
    byte[] deltas = new byte[n];
    float[] vals = new float[n];
    int o = 0;
    for (int r = 0; r < rows; r++) {
      int prev = -1;
      for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
        int d = colIdx[k] - prev;
        while (d > MAX_DELTA) {
          deltas[o] = (byte) MAX_DELTA;
          vals[o++] = 0f;
          d -= MAX_DELTA;
        }
        deltas[o] = (byte) d;
        vals[o++] = values[k];
        prev = colIdx[k];
      }
      ptr[r + 1] = o;
    }
    return new Relative(rows, cols, ptr, deltas, vals);
  }

  /**
   * CSR with relative column indices, as stored in a file.
   *
   * @param rowPtr row r's entries (padding included) are {@code rowPtr[r] .. rowPtr[r+1] − 1}
   * @param deltas column step of each entry, unsigned, 1..255
   * @param values value of each entry; 0 for padding entries
   */
  public record Relative(int rows, int cols, int[] rowPtr, byte[] deltas, float[] values) {
    /** Entries including padding. */
    public int entries() {
      return values.length;
    }

    /** The in-memory CSR with absolute columns; padding entries are dropped. */
    public CsrMatrix decode() {
      if (rowPtr.length != rows + 1 || deltas.length != values.length) {
        throw new IllegalArgumentException(
            "corrupt relative CSR: "
                + rowPtr.length
                + " row pointers for "
                + rows
                + " rows, "
                + deltas.length
                + " deltas for "
                + values.length
                + " values");
      }
      if (rowPtr[0] != 0 || rowPtr[rows] != values.length) {
        throw new IllegalArgumentException(
            "corrupt relative CSR: row pointers run from "
                + rowPtr[0]
                + " to "
                + rowPtr[rows]
                + ", expected 0 to the "
                + values.length
                + " entries");
      }
      for (int r = 0; r < rows; r++) {
        if (rowPtr[r + 1] < rowPtr[r]) {
          throw new IllegalArgumentException(
              "corrupt relative CSR: row pointer " + (r + 1) + " goes back from " + rowPtr[r]);
        }
      }
      int nnz = 0;
      for (float v : values) {
        if (v != 0f) {
          nnz++;
        }
      }
      int[] ptr = new int[rows + 1];
      int[] col = new int[nnz];
      float[] val = new float[nnz];
      int k = 0;
      for (int r = 0; r < rows; r++) {
        int c = -1;
        for (int e = rowPtr[r]; e < rowPtr[r + 1]; e++) {
          c += deltas[e] & 0xFF;
          if (c >= cols || (deltas[e] & 0xFF) == 0) {
            throw new IllegalArgumentException(
                "corrupt relative CSR: row " + r + " steps to column " + c + " of " + cols);
          }
          if (values[e] != 0f) {
            col[k] = c;
            val[k++] = values[e];
          }
        }
        ptr[r + 1] = k;
      }
      return new CsrMatrix(rows, cols, ptr, col, val);
    }
  }
}
