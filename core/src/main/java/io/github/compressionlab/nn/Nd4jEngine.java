package io.github.compressionlab.nn;

/**
 * ND4J (oneDNN where available): a plan runs as a {@link Sequential} of native ops, batch by batch.
 * Runs every float plan; fastest at large batches, where native matrix products win.
 */
public final class Nd4jEngine implements Engine {
  @Override
  public String label() {
    return "ND4J";
  }

  @Override
  public Support support(ModelPlan plan) {
    if (plan.isQuantized()) {
      return Support.no("the plan holds integer weights; run it on the integer engine");
    }
    if (!plan.hasWeights()) {
      return Support.no("the plan holds no tensors; lower a model (model.plan()), not configs");
    }
    return Support.yes();
  }

  /** A new {@link Sequential} holding copies of the plan's tensors. */
  @Override
  public Sequential compile(ModelPlan plan) {
    support(plan).require(this);
    return Sequential.fromPlan(plan, 0);
  }

  @Override
  public String toString() {
    return label();
  }
}
