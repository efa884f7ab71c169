package io.github.compressionlab.prune;

import io.github.compressionlab.nn.Layer;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.WeightedLayer;
import java.util.ArrayList;
import java.util.List;

/** Which layers of a model have weights to prune (the {@link WeightedLayer}s), and name checks. */
final class PrunableLayers {
  private PrunableLayers() {}

  static boolean isPrunable(Layer l) {
    return l instanceof WeightedLayer;
  }

  /** Names of the model's Dense and Conv2d layers, in order. */
  static List<String> names(Sequential model) {
    List<String> names = new ArrayList<>();
    for (Layer l : model.layers()) {
      if (isPrunable(l)) {
        names.add(l.name());
      }
    }
    return names;
  }

  /**
   * {@code requested} if every name is a Dense or Conv2d layer of the model; all of them if {@code
   * requested} is empty.
   *
   * @throws IllegalArgumentException naming the unknown layer and listing the prunable ones
   */
  static List<String> resolve(Sequential model, List<String> requested) {
    List<String> all = names(model);
    if (requested.isEmpty()) {
      return all;
    }
    for (String name : requested) {
      if (!all.contains(name)) {
        boolean exists = model.layers().stream().anyMatch(l -> l.name().equals(name));
        throw new IllegalArgumentException(
            (exists
                    ? "layer '" + name + "' has no weights to prune"
                    : "the model has no layer named '" + name + "'")
                + "; layers with weights are "
                + all);
      }
    }
    return List.copyOf(requested);
  }
}
