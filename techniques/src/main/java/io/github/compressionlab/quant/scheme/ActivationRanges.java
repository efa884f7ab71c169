package io.github.compressionlab.quant.scheme;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calibrated activation ranges: for each weighted layer (dense or conv) of a model, the range of
 * its input, by layer name, in layer order. Pooling, ReLU and flatten between two weighted layers
 * never widen a range, so these are the only points an integer model needs to quantize.
 *
 * @param method how the ranges were chosen, e.g. {@code "min-max"}
 */
public record ActivationRanges(String method, Map<String, Range> inputs) {
  public ActivationRanges {
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
  }

  /** The range of the input of layer {@code name}. */
  public Range input(String name) {
    Range r = inputs.get(name);
    if (r == null) {
      throw new IllegalArgumentException(
          "no calibrated range for the input of layer '"
              + name
              + "'; calibrated layers are "
              + inputs.keySet()
              + " (calibrate the same model you quantize)");
    }
    return r;
  }
}
