/**
 * Quantization schemes and how models are fitted to them: {@link
 * io.github.compressionlab.quant.scheme.QuantScheme} maps floats to a grid of 2- to 16-bit integers
 * ({@link io.github.compressionlab.quant.scheme.QuantParams}), {@link
 * io.github.compressionlab.quant.scheme.Calibrator} picks activation ranges for post-training
 * quantization, and {@link io.github.compressionlab.quant.scheme.Qat} fine-tunes with {@link
 * io.github.compressionlab.quant.scheme.FakeQuant} (straight-through estimator).
 */
package io.github.compressionlab.quant.scheme;
