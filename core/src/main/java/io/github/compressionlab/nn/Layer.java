package io.github.compressionlab.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One stage of a {@link Sequential} model.
 *
 * <p>Call order: {@link #forward(INDArray, boolean) forward(x, training)} and then, if gradients
 * are wanted, {@link #backward(INDArray) backward(gradOutput)} once. {@code backward} uses the
 * input cached by the latest {@code forward}, so it must follow that forward (with the same batch)
 * before the next forward. {@code backward} overwrites (does not accumulate) each parameter's
 * {@link Parameter#grad()}.
 *
 * <p>Shapes: {@code forward} takes {@code [B, ...perExample]}; {@link #outputShape} and {@link
 * #flops} speak of one example (no batch dimension). Arrays returned by {@code forward} and {@code
 * backward} may be buffers the layer reuses on its next call with the same batch size; {@code
 * dup()} them to keep them. Layers never modify the arrays passed to them.
 */
public interface Layer {
  /** Name within the model, e.g. {@code "fc1"}, {@code "conv1"}, {@code "relu1"}. */
  String name();

  /** Computes the output for a batch; {@code training} switches dropout and batch statistics. */
  INDArray forward(INDArray input, boolean training);

  /** Stores the parameter gradients and returns the gradient with respect to the input. */
  INDArray backward(INDArray gradOutput);

  /** The trainable parameters, in a fixed order; empty for parameter-free layers. */
  List<Parameter> parameters();

  /**
   * Stores the parameter gradients; the gradient with respect to the input may be skipped. {@link
   * Sequential} calls it instead of {@link #backward} on its first trainable layer, whose input
   * gradient nobody reads.
   */
  default void backwardParameters(INDArray gradOutput) {
    backward(gradOutput);
  }

  /**
   * The per-example output shape for a per-example input shape ({@link LayerConfig#outputShape}).
   *
   * @throws IllegalArgumentException naming the shapes and the fix if the input does not fit
   */
  default long[] outputShape(long[] inputShape) {
    return config().outputShape(inputShape);
  }

  /**
   * Floating-point operations per example, a multiply-add counting 2 ({@link LayerConfig#flops}).
   */
  default long flops(long[] inputShape) {
    return config().flops(inputShape);
  }

  /** A typed description that rebuilds this layer (with fresh parameters). */
  LayerConfig config();
}
