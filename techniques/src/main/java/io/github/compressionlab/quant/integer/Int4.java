package io.github.compressionlab.quant.integer;

/**
 * Packs 4-bit integers (−8…7) two per byte: element {@code 2j} in the low nibble of byte {@code j},
 * element {@code 2j+1} in the high nibble, each as a two's-complement nibble. Rows are packed
 * separately, so a row of odd length ends in a half-used byte (high nibble 0).
 */
final class Int4 {
  private Int4() {}

  /** Bytes per packed row of {@code cols} values. */
  static int packedCols(int cols) {
    return (cols + 1) / 2;
  }

  /** {@code values} ({@code rows × cols}, row-major, each in −8…7) packed row by row. */
  static byte[] pack(byte[] values, int rows, int cols) {
    int pc = packedCols(cols);
    byte[] out = new byte[rows * pc];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int v = values[r * cols + c];
        if (v < -8 || v > 7) {
          throw new IllegalArgumentException(
              "value " + v + " at row " + r + ", column " + c + " does not fit in 4 bits (-8..7)");
        }
        int nibble = v & 0xF;
        int j = r * pc + c / 2;
        out[j] = (byte) ((c & 1) == 0 ? (out[j] & 0xF0) | nibble : (out[j] & 0x0F) | (nibble << 4));
      }
    }
    return out;
  }

  /** The inverse of {@link #pack}: sign-extends each nibble back to a byte. */
  static byte[] unpack(byte[] packed, int rows, int cols) {
    int pc = packedCols(cols);
    if (packed.length != rows * pc) {
      throw new IllegalArgumentException(
          "packed int4 data has "
              + packed.length
              + " bytes, but "
              + rows
              + " rows of "
              + cols
              + " values need "
              + rows * pc);
    }
    byte[] out = new byte[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int b = packed[r * pc + c / 2];
        int nibble = (c & 1) == 0 ? b & 0xF : (b >> 4) & 0xF;
        out[r * cols + c] = (byte) ((nibble << 28) >> 28);
      }
    }
    return out;
  }
}
