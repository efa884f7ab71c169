package io.github.compressionlab.nn;

import java.util.Arrays;

/**
 * The name and shape of a parameter a layer will have, known from its config and input shape alone:
 * what {@link ModelPlan} counts without allocating weights.
 *
 * @param name local name within the layer, e.g. {@code "weight"}
 * @param shape the tensor's shape, e.g. {@code [784, 300]}
 * @param trainable false for state such as batch-norm running statistics (saved, not trained, not
 *     counted as parameters)
 */
public record ParameterSpec(String name, long[] shape, boolean trainable) {
  public ParameterSpec {
    shape = shape.clone();
  }

  /** A trainable parameter. */
  static ParameterSpec trained(String name, long... shape) {
    return new ParameterSpec(name, shape, true);
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of values. */
  public long size() {
    return Shapes.product(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterSpec p
        && p.name.equals(name)
        && Arrays.equals(p.shape, shape)
        && p.trainable == trainable;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + (trainable ? "" : " (not trained)");
  }
}
