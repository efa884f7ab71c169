package io.github.compressionlab.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Float32 inference in plain Java loops, one example at a time: the lab's fast path for small
 * models at batch 1, where a native library spends more time crossing into C++ and back than
 * computing.
 *
 * <p>{@link #compile} copies the plan's weights once into plain arrays. Activations stay in the
 * model's own channels-first order ({@code [C, H, W]}, so flattening is free). A stride-1
 * convolution computes each (output channel, input channel, ky, kx) term as one long loop over the
 * whole zero-padded output plane, and a dense layer as one loop over all output units per input;
 * the JIT compiles both to SIMD instructions. Zero weights (pruned ones) and zero inputs of dense
 * layers (about half, after a ReLU) are skipped, and a mostly-zero dense weight is kept in
 * compressed sparse rows ({@link JavaDenseStage}), so pruned models run sparsely here too.
 *
 * <p>Supported ops: {@link Conv2d}, {@link MaxPool2d}, {@link ReLU}, {@link Flatten}, {@link Dense}
 * and {@link Dropout} (the identity at inference): the keys of one table below, which is all a new
 * layer type adds to this engine. At larger batches ND4J's native matrix products are faster;
 * {@code measure.FastestEngine} measures both.
 */
public final class JavaEngine implements Engine {
  /** How each supported op becomes a stage; an empty result is the identity. */
  private static final Map<Class<? extends LayerConfig>, Function<PlanNode, Optional<JavaStage>>>
      STAGES = new LinkedHashMap<>();

  static {
    stage(Conv2d.Config.class, JavaConvStage::new);
    stage(MaxPool2d.Config.class, JavaPoolStage::new);
    stage(ReLU.Config.class, JavaReluStage::new);
    stage(Dense.Config.class, JavaDenseStage::new);
    stage(Flatten.Config.class, (op, node) -> null); // channels-first order is the flat order
    stage(Dropout.Config.class, (op, node) -> null); // the identity at inference
  }

  private static <C extends LayerConfig> void stage(
      Class<C> kind, BiFunction<C, PlanNode, JavaStage> compiler) {
    STAGES.put(kind, node -> Optional.ofNullable(compiler.apply(kind.cast(node.op()), node)));
  }

  @Override
  public String label() {
    return "plain Java";
  }

  @Override
  public Support support(ModelPlan plan) {
    long[] in = plan.inputShape();
    if (in.length != 3 && in.length != 1) {
      return Support.no(
          "it runs image models with input [C, H, W] or vector models with input [N]; got "
              + Shapes.str(in));
    }
    if (plan.isQuantized() || !plan.hasWeights()) {
      return Support.no("it runs float plans with their tensors (model.plan())");
    }
    for (PlanNode n : plan.nodes()) {
      if (!STAGES.containsKey(n.op().getClass())) {
        return Support.no(
            "it cannot run layer '"
                + n.name()
                + "' ("
                + n.op().type()
                + "); it runs "
                + STAGES.keySet().stream().map(LayerConfig::typeOf).toList()
                + ". Use the Sequential itself (ND4J) for this model");
      }
    }
    if (plan.outputShape().length != 1) {
      return Support.no("the model ends in an image; end it with flatten() and a dense layer");
    }
    return Support.yes();
  }

  @Override
  public JavaProgram compile(ModelPlan plan) {
    support(plan).require(this);
    ModelPlan snapshot = plan.snapshot();
    List<JavaStage> stages = new ArrayList<>();
    StringBuilder names = new StringBuilder();
    for (PlanNode n : snapshot.nodes()) {
      Optional<JavaStage> s = STAGES.get(n.op().getClass()).apply(n);
      s.ifPresent(stages::add);
      names
          .append(names.length() > 0 ? " → " : "")
          .append(s.map(stage -> stage.describe(n.name())).orElse(n.name()));
    }
    return new JavaProgram(snapshot, stages, names.toString());
  }

  /** Compiles {@code model} (a snapshot of its current weights). */
  public static JavaProgram of(Sequential model) {
    return new JavaEngine().compile(model.plan());
  }

  @Override
  public String toString() {
    return label();
  }
}
