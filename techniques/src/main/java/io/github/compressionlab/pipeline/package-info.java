/**
 * The techniques combined: a {@link io.github.compressionlab.pipeline.Pipeline} runs {@link
 * io.github.compressionlab.pipeline.Step}s (from {@link io.github.compressionlab.pipeline.Steps}:
 * distill, prune, fine-tune, quantize, Deep Compression) on a model and measures accuracy, params,
 * non-zeros, bytes on disk and batch-1 latency after each one.
 *
 * <p>The technique packages never import each other; this package sits above them, as the notebooks
 * do, and only orders their own operations.
 */
package io.github.compressionlab.pipeline;
