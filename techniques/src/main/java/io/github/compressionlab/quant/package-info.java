/**
 * Quantization, in four sub-packages that each hold one subject: {@link
 * io.github.compressionlab.quant.scheme} (grids, calibration, post-training and quantization-aware
 * training), {@link io.github.compressionlab.quant.integer} (the integer inference engine and its
 * files), {@link io.github.compressionlab.quant.deep} (Deep Compression: weight sharing, centroid
 * tuning, Huffman coding) and {@link io.github.compressionlab.quant.half} (float16 and bfloat16
 * storage). This package holds {@link io.github.compressionlab.quant.QuantComparison}, which puts
 * their results side by side.
 */
package io.github.compressionlab.quant;
