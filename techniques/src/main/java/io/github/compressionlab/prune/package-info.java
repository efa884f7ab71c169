/**
 * Weight, neuron and layer pruning. {@link io.github.compressionlab.prune.Pruner}s (such as {@link
 * io.github.compressionlab.prune.MagnitudePruner} and {@link
 * io.github.compressionlab.prune.NeuronPruner}) only compute a {@link
 * io.github.compressionlab.prune.Mask}; one {@link io.github.compressionlab.prune.MaskListener}
 * keeps pruned weights at zero while fine-tuning, {@link io.github.compressionlab.prune.Agp} prunes
 * gradually, {@link io.github.compressionlab.prune.Surgery} physically removes neurons, filters and
 * layers, and {@link io.github.compressionlab.prune.SparseModelFile} stores unstructured sparsity
 * in CSR (the plain-Java engine, {@code nn.JavaEngine}, runs it sparsely). {@link
 * io.github.compressionlab.prune.SparsityMap} and {@link
 * io.github.compressionlab.prune.PixelCoverage} show where the kept weights are; {@link
 * io.github.compressionlab.prune.BeforeAfter} is the before/after table.
 */
package io.github.compressionlab.prune;
