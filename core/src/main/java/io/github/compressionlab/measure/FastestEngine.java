package io.github.compressionlab.measure;

import io.github.compressionlab.nn.Engine;
import io.github.compressionlab.nn.Engines;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.ModelPlan;
import java.util.List;

/**
 * The one rule that picks an inference engine: compile the plan on every engine that {@linkplain
 * Engine#support supports} it ({@link Engines#all()}, ND4J first), measure each at the batch size
 * of interest with the same warm-up and repeats, and keep the lowest median; a tie keeps the
 * earlier engine. Which engine wins depends on the model and the batch (the plain-Java loops win
 * for small models at batch 1, ND4J's native products at large batches), so it is measured, not
 * assumed.
 *
 * @param engine the winner
 * @param model the plan compiled on it
 * @param latency its measured latency
 */
public record FastestEngine(Engine engine, InferenceModel model, LatencyResult latency) {

  /**
   * The fastest engine for {@code plan} at {@code batchSize}.
   *
   * @throws IllegalArgumentException if no engine runs the plan, with each engine's reason
   */
  public static FastestEngine of(ModelPlan plan, int batchSize, int warmup, int repeats) {
    List<Engine> engines = Engines.supporting(plan);
    if (engines.isEmpty()) {
      StringBuilder why = new StringBuilder("no engine runs this plan:");
      for (Engine e : Engines.all()) {
        why.append(' ').append(e.label()).append(": ").append(e.support(plan).reason()).append(';');
      }
      throw new IllegalArgumentException(why.toString());
    }
    List<InferenceModel> models = new java.util.ArrayList<>();
    List<LatencyResult> results = new java.util.ArrayList<>();
    for (Engine e : engines) {
      InferenceModel m = e.compile(plan);
      models.add(m);
      results.add(Latency.measure(m, batchSize, warmup, repeats));
    }
    int best = fastest(results);
    return new FastestEngine(engines.get(best), models.get(best), results.get(best));
  }

  /**
   * The rule itself, for latencies measured together (as {@link Latency#sideBySide} does): the
   * index of the lowest median; a tie keeps the earlier.
   *
   * @throws IllegalArgumentException for an empty list
   */
  public static int fastest(List<LatencyResult> results) {
    if (results.isEmpty()) {
      throw new IllegalArgumentException("no latencies to choose from");
    }
    int best = 0;
    for (int i = 1; i < results.size(); i++) {
      if (results.get(i).medianMs() < results.get(best).medianMs()) {
        best = i;
      }
    }
    return best;
  }
}
