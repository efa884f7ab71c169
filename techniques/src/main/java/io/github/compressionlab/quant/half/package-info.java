/**
 * Half precision: {@link io.github.compressionlab.quant.half.HalfPrecision} rounds a model to
 * float16 or bfloat16 and stores it in half the bytes.
 */
package io.github.compressionlab.quant.half;
