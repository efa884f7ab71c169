package io.github.compressionlab.prune;

import io.github.compressionlab.nn.Dense;
import io.github.compressionlab.nn.Flatten;
import io.github.compressionlab.nn.Layer;
import io.github.compressionlab.nn.LayerConfig;
import io.github.compressionlab.nn.Parameter;
import io.github.compressionlab.nn.PlanNode;
import io.github.compressionlab.nn.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Physically removes structure: builds a new, smaller {@link Sequential} whose tensors really are
 * smaller, so it saves bytes and time without any sparse format. It works on the model's plan and
 * the layers' roles: a weighted layer is cut along its input and output unit axes, a unit-wise
 * layer (activation, pooling, batch norm) keeps the same units, and flatten maps kept channels to
 * their flattened positions. The input model is never changed; on bad input nothing is built and
 * the error says why.
 *
 * <ul>
 *   <li>{@link #removeUnits}: neurons of Dense layers and filters of Conv2d layers, cutting the
 *       next layer's inputs to match (Dense → Dense rows, Conv → Conv input channels, Conv →
 *       Flatten → Dense the flattened positions of the removed channels, BatchNorm in between its
 *       features).
 *   <li>{@link #removeLayer}: a whole hidden Dense or Conv2d layer with its activation.
 * </ul>
 */
public final class Surgery {
  private Surgery() {}

  /**
   * A copy of {@code model} without the units {@code plan} drops. Kept units compute exactly what
   * they computed before; the next layer simply no longer reads the removed ones.
   *
   * @throws IllegalArgumentException if the plan names an unknown layer, the output layer, keeps no
   *     unit, or an index out of range
   */
  public static Sequential removeUnits(Sequential model, NeuronPlan plan) {
    List<String> prunable = PrunableLayers.names(model);
    String output = prunable.get(prunable.size() - 1);
    for (Map.Entry<String, int[]> e : plan.keep().entrySet()) {
      String name = e.getKey();
      PrunableLayers.resolve(model, List.of(name));
      if (name.equals(output)) {
        throw new IllegalArgumentException(
            "layer '"
                + name
                + "' produces the model's outputs; its units cannot be removed. Hidden layers are "
                + prunable.subList(0, prunable.size() - 1));
      }
      int units = NeuronPlan.units(model.layer(name));
      int[] keep = e.getValue();
      if (keep.length == 0) {
        throw new IllegalArgumentException(
            "the plan keeps no unit of layer '" + name + "'; keep at least one");
      }
      for (int k = 0; k < keep.length; k++) {
        if (keep[k] < 0 || keep[k] >= units || (k > 0 && keep[k] == keep[k - 1])) {
          throw new IllegalArgumentException(
              "the plan for layer '"
                  + name
                  + "' lists unit "
                  + keep[k]
                  + " out of range 0.."
                  + (units - 1)
                  + " or twice");
        }
      }
    }

    List<Layer> out = new ArrayList<>();
    List<PlanNode> nodes = model.plan().nodes();
    int[] carried = null; // kept indices of the current unit axis; null = all
    for (int i = 0; i < nodes.size(); i++) {
      PlanNode n = nodes.get(i);
      LayerConfig op = n.op();
      int[] own = plan.kept(n.name());
      Map<String, INDArray> tensors = new LinkedHashMap<>();
      if (op instanceof LayerConfig.Weighted w) {
        // cut the weight along both unit axes: inputs the previous layer no longer makes, and
        // this layer's own removed units
        int[] in = carried != null ? carried : range(w.inputUnits());
        int[] units = own != null ? own : range(w.outputUnits());
        INDArray weight = n.tensor("weight");
        tensors.put(
            "weight", Slices.take(Slices.take(weight, w.outputAxis(), units), w.inputAxis(), in));
        tensors.put("bias", Slices.take(n.tensor("bias"), 0, units));
        op = w.withUnits(in.length, units.length);
        carried = own;
      } else if (op instanceof LayerConfig.UnitWise u) {
        // the same units leave as entered; per-unit parameters keep the kept units' values
        int[] keep = carried != null ? carried : range(n.inputShape()[0]);
        n.tensors().forEach((name, t) -> tensors.put(name, Slices.take(t, 0, keep)));
        op = u.withUnits(keep.length);
      } else if (op instanceof Flatten.Config) {
        if (carried != null) {
          // NCHW flattens channel-major: channel c occupies positions c·H·W .. c·H·W + H·W − 1
          long[] shape = n.inputShape();
          long hw = shape.length == 3 ? shape[1] * shape[2] : 1;
          int[] flat = new int[(int) (carried.length * hw)];
          int o = 0;
          for (int ch : carried) {
            for (int p = 0; p < hw; p++) {
              flat[o++] = (int) (ch * hw + p);
            }
          }
          carried = flat;
        }
      } else {
        throw new IllegalArgumentException(
            "layer '"
                + n.name()
                + "' ("
                + op.type()
                + ") is not supported by neuron removal; supported are layers with weights, layers"
                + " that keep each unit apart (activations, pooling, batch norm) and flatten");
      }
      out.add(build(op, i, tensors));
    }
    return Sequential.of(model.inputShape(), out);
  }

  /**
   * A copy of {@code model} without the hidden layer {@code name} and the ReLU, Dropout and
   * BatchNorm layers right after it. Where the shapes still fit (a layer that keeps its input
   * shape) the neighbours are unchanged. A Dense layer followed by a Dense layer is made to fit by
   * folding the two linear maps into one: {@code W' = W_removed · W_next}, {@code b' = b_removed ·
   * W_next + b_next}, which ignores the activation between them and is a starting point for
   * fine-tuning.
   *
   * @throws IllegalArgumentException if the layer does not exist, has no weights, is the output
   *     layer, or its neighbours cannot be fitted; the model is unchanged
   */
  public static Sequential removeLayer(Sequential model, String name) {
    List<PlanNode> nodes = model.plan().nodes();
    List<String> prunable = PrunableLayers.names(model);
    PrunableLayers.resolve(model, List.of(name));
    String output = prunable.get(prunable.size() - 1);
    if (name.equals(output)) {
      throw new IllegalArgumentException(
          "layer '"
              + name
              + "' produces the model's outputs (the class scores) and cannot be removed; hidden"
              + " layers with weights are "
              + prunable.subList(0, prunable.size() - 1));
    }
    int at = indexOf(nodes, name);
    int end = at + 1; // block = [at, end): the layer and what acts on its units one by one
    while (end < nodes.size() && keepsShape(nodes.get(end))) {
      end++;
    }
    PlanNode target = nodes.get(at);
    PlanNode after = nodes.get(end); // exists: the output layer comes later
    long[] blockIn = target.inputShape();
    long[] blockOut = after.inputShape();
    List<Layer> out = new ArrayList<>();
    for (int i = 0; i < at; i++) {
      out.add(build(nodes.get(i).op(), i, nodes.get(i).tensors()));
    }
    int resume = end;
    if (Arrays.equals(blockIn, blockOut)) {
      // the neighbours fit as they are
    } else if (target.op() instanceof Dense.Config d && after.op() instanceof Dense.Config n) {
      // two affine maps in a row fold into one: x·W_d·W_n + (b_d·W_n + b_n), weights [in, out]
      INDArray wn = after.tensor("weight");
      INDArray w = target.tensor("weight").mmul(wn);
      INDArray b = target.tensor("bias").reshape(1, d.out()).mmul(wn).reshape(n.out());
      b.addi(after.tensor("bias"));
      out.add(
          build(
              new Dense.Config(n.name(), d.in(), n.out(), n.init()),
              end,
              Map.of("weight", w, "bias", b)));
      resume = end + 1;
    } else {
      throw new IllegalArgumentException(
          "removing layer '"
              + name
              + "' ("
              + target.op().type()
              + ", "
              + str(blockIn)
              + " → "
              + str(blockOut)
              + ") leaves '"
              + after.name()
              + "' ("
              + after.op().type()
              + "), which expects "
              + str(blockOut)
              + ", with input "
              + str(blockIn)
              + "; only a layer that keeps its input shape, or a Dense layer followed by a Dense"
              + " layer, can be removed. Remove filters with NeuronPruner and Surgery.removeUnits"
              + " instead");
    }
    for (int i = resume; i < nodes.size(); i++) {
      out.add(build(nodes.get(i).op(), i, nodes.get(i).tensors()));
    }
    return Sequential.of(model.inputShape(), out);
  }

  /** A layer acting on each unit alone that keeps the shape: an activation, dropout, batch norm. */
  private static boolean keepsShape(PlanNode n) {
    return n.op() instanceof LayerConfig.UnitWise && Arrays.equals(n.inputShape(), n.outputShape());
  }

  private static int indexOf(List<PlanNode> nodes, String name) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no layer named '" + name + "'");
  }

  /**
   * The layer of {@code op} with these tensor values. Its seed is its position + 1, so a dropout
   * layer's masks do not depend on the layers removed before it.
   */
  private static Layer build(LayerConfig op, int index, Map<String, INDArray> tensors) {
    Layer l = op.build(index + 1);
    for (Parameter p : l.parameters()) {
      INDArray v = tensors.get(p.name());
      if (v != null) {
        p.setValue(v);
      }
    }
    return l;
  }

  private static int[] range(long n) {
    int[] r = new int[Math.toIntExact(n)];
    for (int i = 0; i < r.length; i++) {
      r[i] = i;
    }
    return r;
  }

  private static String str(long[] shape) {
    return Arrays.toString(shape);
  }
}
