package io.github.compressionlab.quant;

/**
 * One stage of a {@link QuantizedModel}'s integer pipeline: takes a batch of int8 activations
 * ({@code batch × inSize}, row-major, per-example NCHW or flat) and returns int8 activations.
 */
sealed interface IntLayer permits IntLinear, IntRelu, IntMaxPool {
  String name();

  byte[] run(byte[] in, int batch);
}
