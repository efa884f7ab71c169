package io.github.compressionlab.prune;

import io.github.compressionlab.nn.BatchNorm;
import io.github.compressionlab.nn.Conv2d;
import io.github.compressionlab.nn.Dense;
import io.github.compressionlab.nn.Dropout;
import io.github.compressionlab.nn.Flatten;
import io.github.compressionlab.nn.Layer;
import io.github.compressionlab.nn.LayerConfig;
import io.github.compressionlab.nn.MaxPool2d;
import io.github.compressionlab.nn.Parameter;
import io.github.compressionlab.nn.ReLU;
import io.github.compressionlab.nn.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Physically removes structure: builds a new, smaller {@link Sequential} whose tensors really are
 * smaller, so it saves bytes and time without any sparse format. The input model is never changed;
 * on bad input nothing is built and the error says why.
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
    long[] shape = model.inputShape();
    int[] carried = null; // kept indices of the current feature axis; null = all
    for (int i = 0; i < model.layers().size(); i++) {
      Layer l = model.layers().get(i);
      long[] next = l.outputShape(shape);
      int[] own = plan.kept(l.name());
      if (l instanceof Dense d) {
        int[] rows = carried != null ? carried : range(d.in());
        int[] cols = own != null ? own : range(d.out());
        Dense nd =
            new Dense(new Dense.Config(d.name(), rows.length, cols.length, d.config().init()), 0);
        nd.weight().setValue(Slices.take(Slices.take(d.weight().value(), 0, rows), 1, cols));
        nd.bias().setValue(Slices.take(d.bias().value(), 0, cols));
        out.add(nd);
        carried = own;
      } else if (l instanceof Conv2d c) {
        Conv2d.Config cc = c.config();
        int[] in = carried != null ? carried : range(cc.inChannels());
        int[] filters = own != null ? own : range(cc.outChannels());
        Conv2d nc =
            new Conv2d(
                new Conv2d.Config(
                    cc.name(), in.length, filters.length, cc.kernel(), cc.stride(), cc.padding()),
                0);
        INDArray w = model.parameter(c.name() + ".weight").value();
        nc.parameters().get(0).setValue(Slices.take(Slices.take(w, 0, filters), 1, in));
        nc.parameters()
            .get(1)
            .setValue(Slices.take(model.parameter(c.name() + ".bias").value(), 0, filters));
        out.add(nc);
        carried = own;
      } else if (l instanceof BatchNorm b) {
        int[] keep = carried != null ? carried : range(b.config().features());
        BatchNorm nb =
            new BatchNorm(
                new BatchNorm.Config(
                    b.name(), keep.length, b.config().momentum(), b.config().epsilon()));
        for (int p = 0; p < b.parameters().size(); p++) {
          nb.parameters().get(p).setValue(Slices.take(b.parameters().get(p).value(), 0, keep));
        }
        out.add(nb);
      } else if (l instanceof Flatten) {
        if (carried != null) {
          // NCHW flattens channel-major: channel c occupies positions c·H·W .. c·H·W + H·W − 1
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
        out.add(fresh(l, i));
      } else if (l instanceof ReLU || l instanceof Dropout || l instanceof MaxPool2d) {
        out.add(fresh(l, i));
      } else {
        throw new IllegalArgumentException(
            "layer '"
                + l.name()
                + "' ("
                + l.getClass().getSimpleName()
                + ") is not supported by neuron removal; supported are Dense, Conv2d, BatchNorm,"
                + " Flatten, ReLU, Dropout and MaxPool2d");
      }
      shape = next;
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
    List<Layer> layers = model.layers();
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
    int at = indexOf(layers, name);
    int end = at + 1; // block = [at, end)
    while (end < layers.size()
        && (layers.get(end) instanceof ReLU
            || layers.get(end) instanceof Dropout
            || layers.get(end) instanceof BatchNorm)) {
      end++;
    }
    long[][] shapes = shapes(model);
    long[] blockIn = shapes[at];
    long[] blockOut = shapes[end];
    Layer target = layers.get(at);
    Layer after = layers.get(end); // exists: the output layer comes later
    List<Layer> out = new ArrayList<>();
    for (int i = 0; i < at; i++) {
      out.add(copyOf(layers.get(i), i));
    }
    int resume = end;
    if (Arrays.equals(blockIn, blockOut)) {
      // the neighbours fit as they are
    } else if (target instanceof Dense d && after instanceof Dense n) {
      INDArray w = d.weight().value().mmul(n.weight().value());
      INDArray b = d.bias().value().reshape(1, d.out()).mmul(n.weight().value()).reshape(n.out());
      b.addi(n.bias().value());
      Dense folded = new Dense(new Dense.Config(n.name(), d.in(), n.out(), n.config().init()), 0);
      folded.weight().setValue(w);
      folded.bias().setValue(b);
      out.add(folded);
      resume = end + 1;
    } else {
      throw new IllegalArgumentException(
          "removing layer '"
              + name
              + "' ("
              + target.getClass().getSimpleName()
              + ", "
              + str(blockIn)
              + " → "
              + str(blockOut)
              + ") leaves '"
              + after.name()
              + "' ("
              + after.getClass().getSimpleName()
              + "), which expects "
              + str(blockOut)
              + ", with input "
              + str(blockIn)
              + "; only a layer that keeps its input shape, or a Dense layer followed by a Dense"
              + " layer, can be removed. Remove filters with NeuronPruner and Surgery.removeUnits"
              + " instead");
    }
    for (int i = resume; i < layers.size(); i++) {
      out.add(copyOf(layers.get(i), i));
    }
    return Sequential.of(model.inputShape(), out);
  }

  /** The per-example input shape of every layer, and the output shape last. */
  static long[][] shapes(Sequential model) {
    List<Layer> layers = model.layers();
    long[][] s = new long[layers.size() + 1][];
    s[0] = model.inputShape();
    for (int i = 0; i < layers.size(); i++) {
      s[i + 1] = layers.get(i).outputShape(s[i]);
    }
    return s;
  }

  private static int indexOf(List<Layer> layers, String name) {
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no layer named '" + name + "'");
  }

  /** A new layer of the same config with the same parameter values. */
  static Layer copyOf(Layer l, int index) {
    Layer c = fresh(l, index);
    List<Parameter> src = l.parameters();
    List<Parameter> dst = c.parameters();
    for (int p = 0; p < src.size(); p++) {
      dst.get(p).setValue(src.get(p).value());
    }
    return c;
  }

  private static Layer fresh(Layer l, int index) {
    LayerConfig config = l.config();
    return config.build(index + 1);
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

  static INDArray zeros(long... shape) {
    return Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, shape);
  }
}
