/**
 * Quantization: {@link io.github.compressionlab.quant.QuantScheme} maps floats to a grid of 2- to
 * 16-bit integers, {@link io.github.compressionlab.quant.Calibrator} picks activation ranges,
 * {@link io.github.compressionlab.quant.QuantizedModel} runs real int8/int4 inference and saves
 * I8/U8 files, {@link io.github.compressionlab.quant.Qat} fine-tunes with {@link
 * io.github.compressionlab.quant.FakeQuant} (straight-through estimator), and {@link
 * io.github.compressionlab.quant.HalfPrecision} stores float16 and bfloat16. Deep Compression (Han
 * et al. 2016): {@link io.github.compressionlab.quant.WeightSharing} (k-means codebooks, {@link
 * io.github.compressionlab.quant.SharedWeights}), {@link
 * io.github.compressionlab.quant.CentroidTuning}, {@link io.github.compressionlab.quant.Huffman},
 * {@link io.github.compressionlab.quant.DeepCompressedFile} and the one-call {@link
 * io.github.compressionlab.quant.DeepCompression}.
 */
package io.github.compressionlab.quant;
