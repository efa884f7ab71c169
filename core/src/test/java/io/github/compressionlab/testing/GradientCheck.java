package io.github.compressionlab.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.compressionlab.data.Batch;
import io.github.compressionlab.nn.Layer;
import io.github.compressionlab.nn.Loss;
import io.github.compressionlab.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one finite-difference gradient check, used for every layer and loss. A layer is reduced to
 * the scalar {@code L = Σ forward(x) ⊙ R} for a fixed random {@code R}, so {@code backward(R)} must
 * equal the central differences {@code (L(θ+ε) − L(θ−ε)) / 2ε} for every input element and
 * parameter element. The layers compute in float32; L is summed in double, and ε = 0.01 with a
 * tolerance of 1e-3 + 1e-2·|g| leaves room for float rounding while catching any real mistake (a
 * wrong index or factor is off by O(|g|)).
 */
public final class GradientCheck {
  private static final double EPS = 1e-2;
  private static final double ATOL = 1e-3;
  private static final double RTOL = 1e-2;

  private GradientCheck() {}

  /** Checks input and parameter gradients of {@code layer} at {@code input} (training mode). */
  public static void assertLayerGradients(Layer layer, INDArray input) {
    assertLayerGradients(layer, input, () -> {});
  }

  /**
   * As {@link #assertLayerGradients(Layer, INDArray)}, running {@code beforeForward} before every
   * forward pass, e.g. to reseed dropout so all passes use the same mask.
   */
  public static void assertLayerGradients(Layer layer, INDArray input, Runnable beforeForward) {
    INDArray x = input.dup('c');
    beforeForward.run();
    INDArray out = layer.forward(x, true);
    INDArray r = TestData.uniform(99, out.shape());
    INDArray gradInput = layer.backward(r).dup();
    List<INDArray> gradParams = new ArrayList<>();
    for (Parameter p : layer.parameters()) {
      gradParams.add(p.grad().dup());
    }
    List<String> failures = new ArrayList<>();
    compare("input", x, gradInput, () -> value(layer, x, r, beforeForward), failures);
    List<Parameter> params = layer.parameters();
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      compare(
          layer.name() + "." + p.name(),
          p.value(),
          gradParams.get(i),
          () -> value(layer, x, r, beforeForward),
          failures);
    }
    report(layer.name(), failures);
  }

  /** Checks {@code loss.backward()} against central differences of {@code loss.forward}. */
  public static void assertLossGradient(Loss loss, INDArray logits, Batch batch) {
    INDArray z = logits.dup('c');
    loss.forward(z, batch);
    INDArray analytic = loss.backward().dup();
    List<String> failures = new ArrayList<>();
    compare("logits", z, analytic, () -> loss.forward(z, batch), failures);
    report(loss.toString(), failures);
  }

  private static double value(Layer layer, INDArray x, INDArray r, Runnable beforeForward) {
    beforeForward.run();
    INDArray out = layer.forward(x, true).dup('c');
    float[] o = out.data().asFloat();
    float[] w = r.dup('c').data().asFloat();
    double sum = 0;
    for (int i = 0; i < o.length; i++) {
      sum += (double) o[i] * w[i];
    }
    return sum;
  }

  /** Perturbs each element of {@code target} (c-order, not a view) and compares. */
  private static void compare(
      String what,
      INDArray target,
      INDArray analytic,
      java.util.function.DoubleSupplier f,
      List<String> failures) {
    INDArray a = analytic.dup('c');
    long n = target.length();
    for (long i = 0; i < n; i++) {
      double orig = target.getDouble(i);
      target.putScalar(i, orig + EPS);
      double plus = f.getAsDouble();
      target.putScalar(i, orig - EPS);
      double minus = f.getAsDouble();
      target.putScalar(i, orig);
      double numeric = (plus - minus) / (2 * EPS);
      double exact = a.getDouble(i);
      if (Math.abs(numeric - exact) > ATOL + RTOL * Math.max(Math.abs(numeric), Math.abs(exact))) {
        failures.add(
            String.format(
                Locale.ROOT,
                "%s[%d]: backward %.6f, finite difference %.6f",
                what,
                i,
                exact,
                numeric));
      }
    }
  }

  private static void report(String name, List<String> failures) {
    if (!failures.isEmpty()) {
      fail(
          "gradient check of "
              + name
              + " failed at "
              + failures.size()
              + " elements, e.g.\n  "
              + String.join("\n  ", failures.subList(0, Math.min(10, failures.size()))));
    }
  }
}
