/**
 * What every notebook puts side by side: {@link io.github.compressionlab.measure.ModelStats}
 * (parameters, non-zeros, FLOPs, file bytes), {@link io.github.compressionlab.measure.Latency}
 * (median and p90 inference time as a {@link io.github.compressionlab.measure.LatencyResult}),
 * {@link io.github.compressionlab.measure.FastestEngine} (the one rule that picks an engine for a
 * model) and {@link io.github.compressionlab.measure.Comparison}, a table of models against a
 * baseline.
 */
package io.github.compressionlab.measure;
