package io.github.compressionlab.quant.integer;

/**
 * ReLU on quantized values: real 0 is the zero point, so {@code relu(q) = max(q, zeroPoint)}.
 *
 * @param zeroPoint the (signed) zero point of the activation
 */
record IntRelu(String name, int zeroPoint) implements IntLayer {
  @Override
  public byte[] run(byte[] in, int batch) {
    byte[] out = new byte[in.length];
    int z = zeroPoint;
    for (int i = 0; i < in.length; i++) {
      out[i] = (byte) Math.max(in[i], z);
    }
    return out;
  }

  @Override
  public String describe() {
    return "max(q, zero point)";
  }
}
