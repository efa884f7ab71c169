package io.github.compressionlab.prune;

import io.github.compressionlab.nn.Parameter;
import io.github.compressionlab.nn.Sequential;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which values of which parameters are kept: for each dotted parameter name ({@code "fc1.weight"})
 * a float32 array of the parameter's shape holding 1 (kept) or 0 (pruned). Parameters not named are
 * not masked. A mask is immutable; {@link Pruner}s compute masks, {@link MaskListener} applies
 * them.
 */
public final class Mask {
  private final LinkedHashMap<String, INDArray> masks;

  private Mask(LinkedHashMap<String, INDArray> masks) {
    this.masks = masks;
  }

  /** A mask of the given 0/1 arrays (copied; any non-zero counts as kept). */
  public static Mask of(Map<String, INDArray> masks) {
    LinkedHashMap<String, INDArray> m = new LinkedHashMap<>();
    masks.forEach(
        (name, a) -> m.put(name, a.castTo(DataType.FLOAT).neq(0).castTo(DataType.FLOAT).dup('c')));
    return new Mask(m);
  }

  /** A mask with nothing in it: masks no parameter. */
  public static Mask empty() {
    return new Mask(new LinkedHashMap<>());
  }

  /**
   * The mask of what is already zero in the named parameters of {@code model}: keeps exactly the
   * non-zero values, e.g. to keep a pruned model that was saved and loaded sparse while
   * fine-tuning.
   */
  public static Mask ofNonZeros(Sequential model, Iterable<String> parameterNames) {
    LinkedHashMap<String, INDArray> m = new LinkedHashMap<>();
    for (String name : parameterNames) {
      m.put(name, model.parameter(name).value().neq(0).castTo(DataType.FLOAT).dup('c'));
    }
    return new Mask(m);
  }

  /** The masked parameter names, in order. */
  public Set<String> names() {
    return Collections.unmodifiableSet(masks.keySet());
  }

  public boolean contains(String name) {
    return masks.containsKey(name);
  }

  /** A copy of the 0/1 array of one parameter. */
  public INDArray get(String name) {
    INDArray a = masks.get(name);
    if (a == null) {
      throw new IllegalArgumentException(
          "the mask has no parameter '" + name + "'; it masks " + masks.keySet());
    }
    return a.dup();
  }

  /** Kept values of one parameter. */
  public long kept(String name) {
    return get(name).sumNumber().longValue();
  }

  /** Size of one masked parameter. */
  public long size(String name) {
    return masks.get(name) == null ? 0 : masks.get(name).length();
  }

  /** Fraction of one parameter's values that are pruned. */
  public double sparsity(String name) {
    return 1.0 - (double) kept(name) / get(name).length();
  }

  /** Fraction of all masked values that are pruned (counting masked parameters only). */
  public double sparsity() {
    long total = 0;
    long kept = 0;
    for (INDArray a : masks.values()) {
      total += a.length();
      kept += a.sumNumber().longValue();
    }
    return total == 0 ? 0 : 1.0 - (double) kept / total;
  }

  /** This mask with {@code other}'s entries added (other wins where both name a parameter). */
  public Mask with(Mask other) {
    LinkedHashMap<String, INDArray> m = new LinkedHashMap<>(masks);
    m.putAll(other.masks);
    return new Mask(m);
  }

  /**
   * Checks that every masked parameter exists in {@code model} with the mask's shape.
   *
   * @throws IllegalArgumentException naming the parameter and the shapes
   */
  public void checkFits(Sequential model) {
    Map<String, Parameter> params = model.parameters();
    for (Map.Entry<String, INDArray> e : masks.entrySet()) {
      Parameter p = params.get(e.getKey());
      if (p == null) {
        throw new IllegalArgumentException(
            "the mask names parameter '"
                + e.getKey()
                + "', which the model does not have; its parameters are "
                + params.keySet());
      }
      if (!Arrays.equals(p.shape(), e.getValue().shape())) {
        throw new IllegalArgumentException(
            "the mask of '"
                + e.getKey()
                + "' has shape "
                + Arrays.toString(e.getValue().shape())
                + " but the parameter has shape "
                + Arrays.toString(p.shape())
                + "; compute the mask from this model");
      }
    }
  }

  /** Zeroes the pruned values of {@code model}'s parameters in place (checks the fit first). */
  public void applyTo(Sequential model) {
    checkFits(model);
    for (Map.Entry<String, INDArray> e : masks.entrySet()) {
      model.parameter(e.getKey()).value().muli(e.getValue());
    }
  }

  /** Zeroes the gradients of pruned values, so an optimizer step does not revive them. */
  void applyToGradients(Sequential model) {
    for (Map.Entry<String, INDArray> e : masks.entrySet()) {
      model.parameter(e.getKey()).grad().muli(e.getValue());
    }
  }

  /** The mask's arrays, not copied: for this package's own fast paths. */
  Map<String, INDArray> arrays() {
    return Collections.unmodifiableMap(masks);
  }

  static INDArray ones(long[] shape) {
    return Nd4j.ones(DataType.FLOAT, shape);
  }

  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder(String.format(Locale.ROOT, "Mask(%.1f%% pruned", 100 * sparsity()));
    for (String name : masks.keySet()) {
      s.append(String.format(Locale.ROOT, ", %s %.1f%%", name, 100 * sparsity(name)));
    }
    return s.append(")").toString();
  }
}
