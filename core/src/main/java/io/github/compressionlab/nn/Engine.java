package io.github.compressionlab.nn;

/**
 * Something that runs a {@link ModelPlan}: ND4J ({@link Nd4jEngine}), the plain-Java loops ({@link
 * JavaEngine}), the integer kernels ({@code quant.integer.IntegerEngine}).
 *
 * <p>Call order: {@link #support(ModelPlan)} says whether the engine runs a plan, and why not; if
 * it does, {@link #compile(ModelPlan)} returns a model that predicts with a snapshot of the plan's
 * tensors. {@link Engines#all()} finds the engines through {@link java.util.ServiceLoader}, and
 * {@code measure.FastestEngine} is the one rule that picks among those supporting a plan. A new
 * engine implements this interface and is listed in {@code
 * META-INF/services/io.github.compressionlab.nn.Engine}.
 */
public interface Engine {
  /** A short name for tables and messages: {@code "ND4J"}, {@code "plain Java"}, ... */
  String label();

  /** Whether this engine runs {@code plan}, with the reason if not. Never throws for a plan. */
  Support support(ModelPlan plan);

  /**
   * A model running {@code plan} on this engine.
   *
   * @throws IllegalArgumentException with {@link Support#reason()} if the engine does not run it
   */
  InferenceModel compile(ModelPlan plan);

  /**
   * Whether an engine runs a plan.
   *
   * @param supported true if {@link #compile} accepts the plan
   * @param reason why not (naming the node and what to do), or empty if supported
   */
  record Support(boolean supported, String reason) {
    private static final Support YES = new Support(true, "");

    public static Support yes() {
      return YES;
    }

    public static Support no(String reason) {
      return new Support(false, reason);
    }

    /** Throws with the reason if not supported; {@code engine} names the engine in the message. */
    public void require(Engine engine) {
      if (!supported) {
        throw new IllegalArgumentException(engine.label() + " engine: " + reason);
      }
    }
  }
}
