package io.github.compressionlab.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One trainable tensor and its gradient. The layer's {@code backward} overwrites {@link #grad()};
 * the optimizer reads it and updates {@link #value()} in place. Compression code may read, mask or
 * replace the value; {@link #setValue} copies into the existing array so every holder of {@link
 * #value()} sees the change.
 */
public final class Parameter {
  private final String name;
  private final INDArray value;
  private final INDArray grad;
  private final boolean trainable;

  /** A trainable parameter holding {@code value} (kept, not copied) with a zero gradient. */
  public Parameter(String name, INDArray value) {
    this(name, value, true);
  }

  /**
   * A parameter; {@code trainable = false} marks state that is saved with the model but not updated
   * by optimizers (batch-norm running statistics), whose gradient stays zero.
   */
  public Parameter(String name, INDArray value, boolean trainable) {
    this.name = name;
    this.value = value;
    this.grad = Nd4j.zeros(value.dataType(), value.shape());
    this.trainable = trainable;
  }

  /** False for state such as running statistics, which optimizers leave alone. */
  public boolean trainable() {
    return trainable;
  }

  /** Local name within its layer: {@code "weight"}, {@code "bias"}. */
  public String name() {
    return name;
  }

  public INDArray value() {
    return value;
  }

  public INDArray grad() {
    return grad;
  }

  public long[] shape() {
    return value.shape();
  }

  public long size() {
    return value.length();
  }

  /** Copies {@code v} into this parameter's value; the shape must match. */
  public void setValue(INDArray v) {
    if (!Arrays.equals(v.shape(), value.shape())) {
      throw new IllegalArgumentException(
          "parameter '"
              + name
              + "' has shape "
              + Arrays.toString(value.shape())
              + " but the new value has shape "
              + Arrays.toString(v.shape())
              + "; reshape the new value to "
              + Arrays.toString(value.shape()));
    }
    value.assign(v);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(value.shape());
  }
}
