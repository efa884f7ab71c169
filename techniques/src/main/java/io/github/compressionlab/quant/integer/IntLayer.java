package io.github.compressionlab.quant.integer;

/**
 * One stage of a {@link QuantizedModel}'s integer pipeline: takes a batch of int8 activations
 * ({@code batch × inSize}, row-major, per-example NCHW or flat) and returns int8 activations.
 */
sealed interface IntLayer permits IntLinear, IntRelu, IntMaxPool {
  String name();

  byte[] run(byte[] in, int batch);

  /** What the stage computes, for {@link QuantizedModel#summary()}. */
  String describe();

  /** Bits of the stage's weights; 0 if it has none. */
  default int weightBits() {
    return 0;
  }

  /** Bytes its weights take in the file; 0 if it has none. */
  default long weightBytes() {
    return 0;
  }
}
