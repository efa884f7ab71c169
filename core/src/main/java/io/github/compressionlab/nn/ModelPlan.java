package io.github.compressionlab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model lowered once into a typed list of operations: each {@link PlanNode} has its op (the
 * layer's config: kind, sizes, kernel, stride, padding), its per-example input and output shapes,
 * and its tensors. Every consumer reads this one lowering instead of walking layers on its own: the
 * inference {@link Engine}s ({@link Nd4jEngine}, {@link JavaEngine}, the integer engine), pruning
 * surgery, the cost counting ({@link #params}, {@link #flops}, {@link #float32Bytes}, exact without
 * allocating a weight when lowered from configs) and exporters.
 *
 * <pre>{@code
 * ModelPlan cost = ModelPlan.lower(new long[] {1, 28, 28}, configs); // shapes and counts only
 * ModelPlan full = model.plan();                                    // with the model's tensors
 * }</pre>
 *
 * @param inputShape the per-example input shape
 * @param nodes the operations in order; the first reads the input, the last writes the logits
 */
public record ModelPlan(long[] inputShape, List<PlanNode> nodes) {
  public ModelPlan {
    inputShape = inputShape.clone();
    nodes = List.copyOf(nodes);
    long[] shape = inputShape;
    for (PlanNode n : nodes) {
      if (!Arrays.equals(n.inputShape(), shape)) {
        throw new IllegalArgumentException(
            "plan node '"
                + n.name()
                + "' reads "
                + Shapes.str(n.inputShape())
                + " but the node before writes "
                + Shapes.str(shape));
      }
      shape = n.outputShape();
    }
  }

  /**
   * Lowers layer configs: resolves every shape and checks each layer fits the previous output. No
   * tensor is allocated; the plan counts params, FLOPs and bytes exactly.
   *
   * @throws IllegalArgumentException naming the first layer that does not fit and how to fix it
   */
  public static ModelPlan lower(long[] inputShape, List<? extends LayerConfig> configs) {
    List<PlanNode> nodes = new ArrayList<>(configs.size());
    long[] shape = inputShape.clone();
    for (int i = 0; i < configs.size(); i++) {
      LayerConfig c = configs.get(i);
      long[] out;
      try {
        out = c.outputShape(shape);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "layer " + (i + 1) + " of " + configs.size() + ": " + e.getMessage(), e);
      }
      nodes.add(new PlanNode(c, shape, out, Map.of(), null));
      shape = out;
    }
    return new ModelPlan(inputShape, nodes);
  }

  /** The plan of an architecture in {@link Sequential#architectureJson()} form, without tensors. */
  public static ModelPlan fromArchitectureJson(String json) {
    LayerConfigJson.Architecture a = LayerConfigJson.read(json);
    return lower(a.inputShape(), a.layers());
  }

  /** The architecture as JSON (layer configs, no tensors), as model files store it. */
  public String architectureJson() {
    return LayerConfigJson.write(inputShape, configs());
  }

  @Override
  public long[] inputShape() {
    return inputShape.clone();
  }

  /** The per-example output shape of the last node. */
  public long[] outputShape() {
    return nodes.isEmpty() ? inputShape.clone() : nodes.get(nodes.size() - 1).outputShape();
  }

  /** Classes of a plan whose output is a vector of logits. */
  public int numClasses() {
    long[] out = outputShape();
    if (out.length != 1) {
      throw new IllegalStateException(
          "model output " + Shapes.str(out) + " is not a vector of class logits");
    }
    return Math.toIntExact(out[0]);
  }

  /** The layer configs, in order. */
  public List<LayerConfig> configs() {
    return nodes.stream().map(PlanNode::op).toList();
  }

  /** The node of the layer with this name. */
  public PlanNode node(String name) {
    for (PlanNode n : nodes) {
      if (n.name().equals(name)) {
        return n;
      }
    }
    throw new IllegalArgumentException(
        "no layer named '" + name + "'; layers are " + nodes.stream().map(PlanNode::name).toList());
  }

  /** Whether the nodes carry their tensors (a plan lowered from configs does not). */
  public boolean hasWeights() {
    for (PlanNode n : nodes) {
      if (!n.op().parameters(n.inputShape()).isEmpty()) {
        return !n.tensors().isEmpty() || n.quantized() != null;
      }
    }
    return true;
  }

  /** Whether some weighted node holds integer weights. */
  public boolean isQuantized() {
    return nodes.stream().anyMatch(n -> n.quantized() != null);
  }

  /**
   * The float plan a runtime that dequantizes at load computes with: every integer weight becomes
   * {@code level · scale} of its output unit (a float32 that holds exactly the value the integer
   * stands for), biases and the other tensors stay, and the input grids are dropped, so activations
   * stay float. This is weight-only quantization ("W8A32"): the file keeps one byte per weight, the
   * arithmetic is the float engines'. A plan without integer weights comes back as it is.
   *
   * @throws IllegalArgumentException for a plan without tensors
   */
  public ModelPlan dequantized() {
    if (!hasWeights()) {
      throw new IllegalArgumentException(
          "the plan holds no tensors; dequantize a quantized model's plan, not configs");
    }
    if (!isQuantized()) {
      return this;
    }
    List<PlanNode> out = new ArrayList<>(nodes.size());
    for (PlanNode n : nodes) {
      QuantizedWeights q = n.quantized();
      if (q == null) {
        out.add(n);
        continue;
      }
      LayerConfig.Weighted w = (LayerConfig.Weighted) n.op();
      ParameterSpec spec =
          n.op().parameters(n.inputShape()).stream()
              .filter(p -> p.name().equals("weight"))
              .findFirst()
              .orElseThrow();
      long[] shape = spec.shape();
      int axis = w.outputAxis();
      // row-major: the unit of flat index i is (i / inner) % shape[axis]
      long inner = 1;
      for (int d = axis + 1; d < shape.length; d++) {
        inner *= shape[d];
      }
      byte[] levels = q.levels();
      float[] scales = q.scales();
      float[] values = new float[levels.length];
      for (int i = 0; i < levels.length; i++) {
        values[i] = levels[i] * scales[(int) ((i / inner) % shape[axis])];
      }
      Map<String, INDArray> tensors = new LinkedHashMap<>(n.tensors());
      tensors.put("weight", org.nd4j.linalg.factory.Nd4j.create(values, shape, 'c'));
      out.add(n.withTensors(tensors));
    }
    return new ModelPlan(inputShape, out);
  }

  /** Trainable parameters (batch-norm running statistics are not counted, as in PyTorch). */
  public long params() {
    long n = 0;
    for (PlanNode node : nodes) {
      n += node.params();
    }
    return n;
  }

  /** Floating-point operations for one example (multiply-add = 2). */
  public long flops() {
    long f = 0;
    for (PlanNode node : nodes) {
      f += node.flops();
    }
    return f;
  }

  /** Bytes of every parameter and saved state as float32: the tensor payload of a model file. */
  public long float32Bytes() {
    long n = 0;
    for (PlanNode node : nodes) {
      for (ParameterSpec p : node.op().parameters(node.inputShape())) {
        n += 4 * p.size();
      }
    }
    return n;
  }

  /**
   * Stored values that are not exactly zero: float tensors value by value; integer weights level by
   * level, plus every float value beside them (the biases).
   *
   * @throws IllegalStateException for a plan without tensors
   */
  public long nonZeroParams() {
    if (!hasWeights()) {
      throw new IllegalStateException(
          "this plan was lowered from configs and holds no tensors; lower a model (model.plan())");
    }
    long n = 0;
    for (PlanNode node : nodes) {
      if (node.quantized() != null) {
        n += node.quantized().nonZeroLevels();
        for (INDArray t : node.tensors().values()) {
          n += t.length();
        }
        continue;
      }
      for (INDArray t : node.tensors().values()) {
        for (float v : t.castTo(DataType.FLOAT).dup('c').data().asFloat()) {
          n += v != 0f ? 1 : 0;
        }
      }
    }
    return n;
  }

  /** The same plan with every tensor copied, so later changes to a model do not reach it. */
  public ModelPlan snapshot() {
    List<PlanNode> copy = new ArrayList<>(nodes.size());
    for (PlanNode n : nodes) {
      Map<String, INDArray> t = new LinkedHashMap<>();
      n.tensors().forEach((k, v) -> t.put(k, v.dup('c')));
      copy.add(new PlanNode(n.op(), n.inputShape(), n.outputShape(), t, n.quantized()));
    }
    return new ModelPlan(inputShape, copy);
  }

  /** One line per node: name, op, shapes, tensors. */
  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "ModelPlan(input %s, %,d params, %,d FLOPs) (%n",
                Shapes.str(inputShape),
                params(),
                flops()));
    for (PlanNode n : nodes) {
      s.append("  ").append(n).append(System.lineSeparator());
    }
    return s.append(")").toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelPlan p
        && Arrays.equals(p.inputShape, inputShape)
        && p.nodes.equals(nodes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(inputShape) * 31 + nodes.hashCode();
  }
}
