/**
 * Deep Compression (Han, Mao and Dally, ICLR 2016) after pruning: {@link
 * io.github.compressionlab.quant.deep.WeightSharing} (k-means codebooks, {@link
 * io.github.compressionlab.quant.deep.SharedWeights}), {@link
 * io.github.compressionlab.quant.deep.CentroidTuning}, {@link
 * io.github.compressionlab.quant.deep.Huffman} coding into a {@link
 * io.github.compressionlab.quant.deep.DeepCompressedFile}, and the one call {@link
 * io.github.compressionlab.quant.deep.DeepCompression}.
 */
package io.github.compressionlab.quant.deep;
