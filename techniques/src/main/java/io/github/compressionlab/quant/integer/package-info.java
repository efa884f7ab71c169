/**
 * Integer inference: {@link io.github.compressionlab.quant.integer.QuantizedModel} holds a model's
 * weights as int8 or int4 with int8 activations, runs it on int32 accumulators (the Vector API
 * kernels where the JDK has them) and reads and writes its I8/U8 safetensors files; {@link
 * io.github.compressionlab.quant.integer.IntegerEngine} is the engine that runs quantized plans.
 */
package io.github.compressionlab.quant.integer;
