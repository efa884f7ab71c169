package io.github.compressionlab.nn;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One operation of a {@link ModelPlan}: what it computes ({@link #op}, the layer's typed config:
 * kind, kernel, stride, padding, ...), the per-example shapes it reads and writes, and its tensors.
 *
 * @param op the operation and its attributes
 * @param inputShape per-example input shape, e.g. {@code [1, 28, 28]}
 * @param outputShape per-example output shape
 * @param tensors float32 parameters by local name ({@code "weight"}, {@code "bias"}, ...) in the
 *     layer's layout; empty in a plan lowered from configs alone. In a plan of a {@link Sequential}
 *     these are the model's live parameter arrays: engines copy what they keep.
 * @param quantized the integer weights and input grid of a weighted op in a quantized plan (its
 *     {@code "weight"} tensor is then absent), or null
 */
public record PlanNode(
    LayerConfig op,
    long[] inputShape,
    long[] outputShape,
    Map<String, INDArray> tensors,
    QuantizedWeights quantized) {
  public PlanNode {
    inputShape = inputShape.clone();
    outputShape = outputShape.clone();
    // a plan lowered from configs (NAS counts thousands) shares one empty map
    tensors =
        tensors.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    if (!tensors.isEmpty() || quantized != null) {
      checkTensors(op, inputShape, tensors, quantized);
    }
  }

  /** Every parameter the op declares is there with its declared shape, and nothing else. */
  private static void checkTensors(
      LayerConfig op, long[] in, Map<String, INDArray> tensors, QuantizedWeights quantized) {
    java.util.Set<String> expected = new java.util.LinkedHashSet<>();
    for (ParameterSpec p : op.parameters(in)) {
      expected.add(p.name());
      if (quantized != null && p.name().equals("weight")) {
        if (quantized.levels().length != p.size()) {
          throw new IllegalArgumentException(
              "node '"
                  + op.name()
                  + "' has "
                  + quantized.levels().length
                  + " integer weights but its op needs "
                  + p);
        }
        continue;
      }
      INDArray t = tensors.get(p.name());
      if (t == null || !Arrays.equals(t.shape(), p.shape())) {
        throw new IllegalArgumentException(
            "node '"
                + op.name()
                + "' needs tensor "
                + p
                + " but has "
                + (t == null ? "none" : Shapes.str(t.shape())));
      }
    }
    if (!expected.containsAll(tensors.keySet())) {
      throw new IllegalArgumentException(
          "node '" + op.name() + "' has tensors " + tensors.keySet() + "; its op has " + expected);
    }
  }

  /** The layer's name in its model. */
  public String name() {
    return op.name();
  }

  @Override
  public long[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public long[] outputShape() {
    return outputShape.clone();
  }

  /** The tensor with this local name. */
  public INDArray tensor(String name) {
    INDArray t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "node '"
              + op.name()
              + "' has no tensor '"
              + name
              + "'; it has "
              + tensors.keySet()
              + (tensors.isEmpty() ? " (a plan lowered from configs carries no weights)" : ""));
    }
    return t;
  }

  /** The same operation with other tensors (and no integer weights). */
  public PlanNode withTensors(Map<String, INDArray> newTensors) {
    return new PlanNode(op, inputShape, outputShape, newTensors, null);
  }

  /** The same operation holding integer weights: {@code "weight"} is dropped, the rest kept. */
  public PlanNode withQuantized(QuantizedWeights q, Map<String, INDArray> floatTensors) {
    return new PlanNode(op, inputShape, outputShape, floatTensors, q);
  }

  /** Trainable parameters, counted from the op without looking at the tensors. */
  public long params() {
    return op.parameters(inputShape).stream()
        .filter(ParameterSpec::trainable)
        .mapToLong(ParameterSpec::size)
        .sum();
  }

  /** Floating-point operations per example. */
  public long flops() {
    return op.flops(inputShape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlanNode n
        && n.op.equals(op)
        && Arrays.equals(n.inputShape, inputShape)
        && Arrays.equals(n.outputShape, outputShape)
        && n.tensors.equals(tensors)
        && java.util.Objects.equals(n.quantized, quantized);
  }

  @Override
  public int hashCode() {
    return op.hashCode() * 31 + Arrays.hashCode(inputShape);
  }

  @Override
  public String toString() {
    return op.name()
        + ": "
        + op.type()
        + " "
        + Shapes.str(inputShape)
        + " → "
        + Shapes.str(outputShape)
        + (tensors.isEmpty() ? "" : " " + tensors.keySet())
        + (quantized == null ? "" : " int" + quantized.bits());
  }
}
