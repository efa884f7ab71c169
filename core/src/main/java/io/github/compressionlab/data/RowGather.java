package io.github.compressionlab.data;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Copies chosen rows (examples) of a float32 image array into a new array, one bulk copy per row
 * between the native buffers. For a batch of 64 Fashion-MNIST images this is about 20 times faster
 * than {@code Nd4j.pullRows} or {@code getRows}, which dominated epoch time.
 */
final class RowGather {
  private final INDArray source; // c-order, offset 0, [N, ...]
  private final long[] exampleShape;
  private final int rowLength;
  private final FloatBuffer buffer; // null when the array is too large for one NIO buffer

  RowGather(INDArray images) {
    INDArray src = images;
    if (src.isView() || src.ordering() != 'c' || src.offset() != 0) {
      src = src.dup('c');
    }
    this.source = src;
    long[] shape = src.shape();
    this.exampleShape = java.util.Arrays.copyOfRange(shape, 1, shape.length);
    long n = shape[0];
    this.rowLength = n == 0 ? 0 : Math.toIntExact(src.length() / n);
    this.buffer =
        src.length() > 0 && src.length() * 4 <= Integer.MAX_VALUE
            ? src.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer()
            : null;
  }

  /** The rows {@code rows} (repeats allowed) as a new array {@code [rows.length, ...]}. */
  INDArray gather(int[] rows) {
    long[] shape = new long[exampleShape.length + 1];
    shape[0] = rows.length;
    System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
    if (rows.length == 0 || rowLength == 0) {
      return Nd4j.create(DataType.FLOAT, shape);
    }
    if (buffer == null) {
      INDArray flat = source.reshape('c', source.size(0), rowLength);
      return Nd4j.pullRows(flat, 1, rows).reshape('c', shape);
    }
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
    FloatBuffer dst = out.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    for (int i = 0; i < rows.length; i++) {
      dst.put(i * rowLength, buffer, rows[i] * rowLength, rowLength);
    }
    return out;
  }
}
