package io.github.compressionlab.pipeline;

import io.github.compressionlab.measure.ModelStats;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.quant.QuantizedModel;

/** Parameter counts of the model kinds a step can produce. */
final class Counting {
  private Counting() {}

  /** {params, non-zero params} of {@code m}; {-1, -1} for a kind this class does not know. */
  static long[] paramsOf(InferenceModel m) {
    if (m instanceof Sequential s) {
      return new long[] {s.paramCount(), ModelStats.nonZero(s)};
    }
    if (m instanceof QuantizedModel q) {
      return new long[] {q.params(), q.nonZeroParams()};
    }
    return new long[] {-1, -1};
  }
}
