package io.github.compressionlab.measure;

import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.LayerConfig;
import io.github.compressionlab.nn.ModelPlan;
import io.github.compressionlab.nn.ParameterSpec;
import io.github.compressionlab.nn.PlanNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The multiply-adds one prediction (one example) does, counted from the model's plan: every weight
 * of a dense layer once, every weight of a conv layer once per output position. They are split by
 * the arithmetic that runs them: float32, or integer (int8 × int8 into int32) for a layer holding
 * integer weights, as in a quantized plan. Biases, ReLU and pooling are not multiply-adds and are
 * not counted ({@link ModelPlan#flops} counts them, with a multiply-add as 2); zero weights are
 * counted like any other, since the dense kernels multiply them too.
 *
 * <p>The lab cannot measure energy on a CPU it shares; the number of multiply-adds, with the width
 * of their operands, is the usual proxy for it (Horowitz, "Computing's energy problem (and what we
 * can do about it)", ISSCC 2014, gives an 8-bit integer multiply at about a twentieth of a 32-bit
 * float multiply's energy in 45 nm, and reading the operands from memory costing more than both).
 *
 * @param float32 multiply-adds on float32 operands
 * @param integer multiply-adds on int8 operands with int32 accumulation
 */
public record MultiplyAdds(long float32, long integer) {
  public MultiplyAdds {
    if (float32 < 0 || integer < 0) {
      throw new IllegalArgumentException(
          "multiply-add counts cannot be negative; got float32 "
              + float32
              + ", integer "
              + integer);
    }
  }

  /** The multiply-adds of one prediction of {@code model}, counted from its plan. */
  public static MultiplyAdds of(InferenceModel model) {
    if (model == null) {
      throw new IllegalArgumentException(
          "give a model (a Sequential, a quantized model, ...) to count its multiply-adds");
    }
    return of(model.plan());
  }

  /** The multiply-adds of one example through {@code plan}. */
  public static MultiplyAdds of(ModelPlan plan) {
    if (plan == null) {
      throw new IllegalArgumentException("give a model plan (model.plan()) to count multiply-adds");
    }
    long f = 0;
    long i = 0;
    for (PlanNode n : plan.nodes()) {
      long m = of(n);
      if (n.quantized() != null) {
        i += m;
      } else {
        f += m;
      }
    }
    return new MultiplyAdds(f, i);
  }

  /**
   * Multiply-adds per example of each layer that does any (dense and conv), by layer name, in plan
   * order.
   */
  public static Map<String, Long> perLayer(ModelPlan plan) {
    if (plan == null) {
      throw new IllegalArgumentException("give a model plan (model.plan()) to count multiply-adds");
    }
    Map<String, Long> out = new LinkedHashMap<>();
    for (PlanNode n : plan.nodes()) {
      if (n.op() instanceof LayerConfig.Weighted) {
        out.put(n.name(), of(n));
      }
    }
    return out;
  }

  /**
   * A weighted node's multiply-adds: its weights times the output positions each weight serves (the
   * output size over the output units: 1 for a dense layer, {@code outH·outW} for a conv).
   */
  private static long of(PlanNode n) {
    if (!(n.op() instanceof LayerConfig.Weighted w)) {
      return 0;
    }
    long weights = 0;
    for (ParameterSpec p : n.op().parameters(n.inputShape())) {
      if (p.name().equals("weight")) {
        weights = p.size();
      }
    }
    long outputs = 1;
    for (long d : n.outputShape()) {
      outputs *= d;
    }
    return weights * (outputs / w.outputUnits());
  }

  /** All multiply-adds, float and integer. */
  public long total() {
    return float32 + integer;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "MultiplyAdds[%,d per example: %,d float32, %,d int8]",
        total(),
        float32,
        integer);
  }
}
