package io.github.compressionlab.quant.integer;

import io.github.compressionlab.nn.Conv2d;
import io.github.compressionlab.nn.Dense;
import io.github.compressionlab.nn.Dropout;
import io.github.compressionlab.nn.Engine;
import io.github.compressionlab.nn.Flatten;
import io.github.compressionlab.nn.LayerConfig;
import io.github.compressionlab.nn.MaxPool2d;
import io.github.compressionlab.nn.ModelPlan;
import io.github.compressionlab.nn.PlanNode;
import io.github.compressionlab.nn.QuantizedWeights;
import io.github.compressionlab.nn.ReLU;
import io.github.compressionlab.quant.scheme.QuantParams;
import io.github.compressionlab.quant.scheme.QuantScheme;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Integer inference of a quantized plan ({@link QuantizedModel}): int8 activations, int8 or int4
 * weights, int32 accumulators. A plan is supported when every weighted op holds {@link
 * QuantizedWeights} and every op has an integer stage in the table below (dense, conv2d, relu,
 * maxpool2d, flatten, dropout), which is all a new layer type adds to this engine. The activation
 * grid between two weighted ops is the input grid of the second: each weighted op requantizes its
 * output to it, a ReLU clamps at its zero point.
 */
public final class IntegerEngine implements Engine {
  /** What a stage is built from: its node, the grid entering it and the grid after the op. */
  private record Site(PlanNode node, QuantParams grid, QuantParams next) {}

  private interface StageCompiler {
    /** The stage, or null for an op that is the identity on integers (flatten, dropout). */
    IntLayer compile(Site site);
  }

  private static final Map<Class<? extends LayerConfig>, StageCompiler> STAGES =
      new LinkedHashMap<>();

  static {
    STAGES.put(Dense.Config.class, s -> dense((Dense.Config) s.node().op(), s));
    STAGES.put(Conv2d.Config.class, s -> conv((Conv2d.Config) s.node().op(), s));
    STAGES.put(ReLU.Config.class, s -> new IntRelu(s.node().name(), s.grid().zeroPoint()));
    STAGES.put(MaxPool2d.Config.class, s -> maxPool((MaxPool2d.Config) s.node().op(), s));
    STAGES.put(Flatten.Config.class, s -> null); // channels-first order is the flat order
    STAGES.put(Dropout.Config.class, s -> null); // the identity at inference
  }

  @Override
  public String label() {
    return "integer";
  }

  @Override
  public Support support(ModelPlan plan) {
    int lastWeighted = -1;
    List<PlanNode> nodes = plan.nodes();
    for (PlanNode n : nodes) {
      if (!STAGES.containsKey(n.op().getClass())) {
        return Support.no(
            "layer '"
                + n.name()
                + "' ("
                + n.op().type()
                + ") has no integer version; quantizable models hold "
                + STAGES.keySet().stream().map(LayerConfig::typeOf).toList()
                + " layers (fold batch norm into the conv first)");
      }
    }
    for (int i = 0; i < nodes.size(); i++) {
      PlanNode n = nodes.get(i);
      if (n.op() instanceof LayerConfig.Weighted) {
        if (n.quantized() == null) {
          return Support.no(
              "layer '"
                  + n.name()
                  + "' holds float weights; quantize the model with QuantizedModel.quantize");
        }
        lastWeighted = i;
      }
    }
    if (lastWeighted < 0) {
      return Support.no("the model has no dense or conv layer, so there is nothing to quantize");
    }
    for (int i = lastWeighted + 1; i < nodes.size(); i++) {
      if (!(nodes.get(i).op() instanceof Dropout.Config)) {
        return Support.no(
            "layer '"
                + nodes.get(i).name()
                + "' follows the last dense/conv layer; a quantized model must end with the dense"
                + " or conv layer that outputs the logits");
      }
    }
    return Support.yes();
  }

  /**
   * A model running {@code plan} in integers. Its file records the weight scheme as symmetric
   * per-channel (per-tensor if every unit has the same scale) and the calibration as unknown; use
   * {@link QuantizedModel#quantize} to keep both.
   */
  @Override
  public QuantizedModel compile(ModelPlan plan) {
    support(plan).require(this);
    return new QuantizedModel(plan, schemeOf(plan), "unknown");
  }

  private static QuantScheme schemeOf(ModelPlan plan) {
    int bits = 8;
    boolean perTensor = true;
    for (PlanNode n : plan.nodes()) {
      QuantizedWeights q = n.quantized();
      if (q != null) {
        bits = q.bits();
        for (float s : q.scales()) {
          perTensor &= s == q.scales()[0];
        }
      }
    }
    return new QuantScheme(
        bits,
        QuantScheme.Mapping.SYMMETRIC,
        perTensor ? QuantScheme.Granularity.PER_TENSOR : QuantScheme.Granularity.PER_CHANNEL);
  }

  /** The integer stages of a supported plan: every stage but the last, the last, the input grid. */
  record Stages(List<IntLayer> hidden, IntLinear last, QuantParams input) {}

  static Stages stages(ModelPlan plan) {
    IntegerEngine engine = new IntegerEngine();
    engine.support(plan).require(engine);
    List<PlanNode> nodes = plan.nodes();
    // grids[i]: the grid of the activation entering node i; the model input's grid is the first
    // weighted op's input grid, and after each weighted op it is the next one's input grid
    QuantParams[] grids = new QuantParams[nodes.size() + 1];
    QuantParams current = null;
    for (int i = nodes.size() - 1; i >= 0; i--) {
      // walk backwards to know, at each node, the input grid of the next weighted op
      grids[i + 1] = current;
      if (nodes.get(i).quantized() != null) {
        current = grid(nodes.get(i).quantized());
      }
    }
    grids[0] = current;
    List<IntLayer> stages = new ArrayList<>();
    IntLinear last = null;
    QuantParams grid = grids[0];
    for (int i = 0; i < nodes.size(); i++) {
      PlanNode n = nodes.get(i);
      QuantParams next = n.quantized() != null ? grids[i + 1] : grid;
      IntLayer s = STAGES.get(n.op().getClass()).compile(new Site(n, grid, next));
      if (s != null) {
        stages.add(s);
        if (s instanceof IntLinear lin) {
          last = lin;
        }
      }
      if (n.quantized() != null) {
        grid = next;
      }
    }
    return new Stages(List.copyOf(stages.subList(0, stages.size() - 1)), last, grids[0]);
  }

  /** The signed int8 grid of an op's input. */
  static QuantParams grid(QuantizedWeights q) {
    return new QuantParams(q.inputScale(), q.inputZeroPoint(), -128, 127);
  }

  private static IntLinear dense(Dense.Config c, Site s) {
    QuantizedWeights q = s.node().quantized();
    int in = (int) c.in();
    int out = (int) c.out();
    byte[] wt = new byte[out * in]; // the plan's [in, out] levels as the kernels' [out, in]
    for (int i = 0; i < in; i++) {
      for (int o = 0; o < out; o++) {
        wt[o * in + i] = q.levels()[i * out + o];
      }
    }
    return new IntLinear(
        new IntLinear.Spec(
            c.name(),
            out,
            in,
            wt,
            q.scales(),
            s.node().tensor("bias").toFloatVector(),
            q.bits(),
            grid(q),
            s.next(),
            null));
  }

  private static IntLinear conv(Conv2d.Config c, Site s) {
    QuantizedWeights q = s.node().quantized();
    long[] in = s.node().inputShape();
    int out = (int) c.outChannels();
    return new IntLinear(
        new IntLinear.Spec(
            c.name(),
            out,
            q.levels().length / out,
            q.levels(),
            q.scales(),
            s.node().tensor("bias").toFloatVector(),
            q.bits(),
            grid(q),
            s.next(),
            new IntLinear.Conv(
                (int) in[0], (int) in[1], (int) in[2], c.kernel(), c.stride(), c.padding())));
  }

  private static IntMaxPool maxPool(MaxPool2d.Config c, Site s) {
    long[] in = s.node().inputShape();
    return new IntMaxPool(c.name(), (int) in[0], (int) in[1], (int) in[2], c.kernel(), c.stride());
  }

  @Override
  public String toString() {
    return label();
  }
}
