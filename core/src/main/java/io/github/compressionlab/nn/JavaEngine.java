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
 * <p>With the JDK Vector API ({@code --add-modules jdk.incubator.vector}) the dense and convolution
 * kernels are {@link FloatVectorKernels}: FMAs with several output rows accumulated in registers
 * per pass, weights laid out for them at compile time. A stride-1 convolution followed by a ReLU
 * (and a max-pool) runs as one stage that pools straight from its accumulator.
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
    List<PlanNode> nodes = snapshot.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      PlanNode n = nodes.get(i);
      int fused = fusedAfter(nodes, i);
      Optional<JavaStage> s;
      String name = n.name();
      if (fused > 0) {
        MaxPool2d.Config pool = fused == 2 ? (MaxPool2d.Config) nodes.get(i + 2).op() : null;
        s = Optional.of(new JavaConvStage((Conv2d.Config) n.op(), n, true, pool));
        for (int f = 1; f <= fused; f++) {
          name += "+" + nodes.get(i + f).name();
        }
        i += fused;
      } else {
        s = STAGES.get(n.op().getClass()).apply(n);
        name = s.map(stage -> stage.describe(n.name())).orElse(n.name());
      }
      s.ifPresent(stages::add);
      names.append(names.length() > 0 ? " → " : "").append(name);
    }
    return new JavaProgram(snapshot, stages, names.toString());
  }

  /**
   * How many of the ops after node {@code i} its stage computes too: a stride-1 convolution fuses a
   * ReLU right after it (1) and a max-pool after that ReLU (2); else 0.
   */
  private static int fusedAfter(List<PlanNode> nodes, int i) {
    if (!(nodes.get(i).op() instanceof Conv2d.Config c)
        || c.stride() != 1
        || i + 1 >= nodes.size()
        || !(nodes.get(i + 1).op() instanceof ReLU.Config)) {
      return 0;
    }
    return i + 2 < nodes.size() && nodes.get(i + 2).op() instanceof MaxPool2d.Config ? 2 : 1;
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
