package io.github.compressionlab.io;

import io.github.compressionlab.nn.ModelPlan;
import io.github.compressionlab.nn.ParameterSpec;
import io.github.compressionlab.nn.PlanNode;
import io.github.compressionlab.nn.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The architecture a model file declares, checked before a single weight is allocated: model files
 * store the architecture as JSON beside the tensors, and building it allocates every parameter (and
 * its gradient) in ND4J's native memory. A damaged or hostile 100-byte header could declare a
 * 100,000 × 100,000 dense layer; readers lower the JSON to a {@link ModelPlan} first (shapes only,
 * nothing allocated), count its bytes with overflow checks, compare them with what the file holds,
 * and only then build the {@link Sequential}.
 *
 * <pre>{@code
 * DeclaredArchitecture arch = DeclaredArchitecture.of(json, source);
 * arch.requireAtMost(4 * fileBytes, source, "its tensors hold");  // before building
 * Sequential model = arch.build();
 * }</pre>
 */
public final class DeclaredArchitecture {
  private final String json;
  private final ModelPlan plan;
  private final Map<String, ParameterSpec> parameters;
  private final long float32Bytes;

  private DeclaredArchitecture(
      String json, ModelPlan plan, Map<String, ParameterSpec> parameters, long bytes) {
    this.json = json;
    this.plan = plan;
    this.parameters = parameters;
    this.float32Bytes = bytes;
  }

  /**
   * Lowers {@code json} (as {@link Sequential#architectureJson()} writes it) without allocating.
   *
   * @throws UncheckedIOException naming {@code source} if the JSON is no architecture, a layer does
   *     not fit the one before, two layers share a name, or its sizes overflow
   */
  public static DeclaredArchitecture of(String json, String source) {
    if (json == null) {
      throw problem(source, "has no architecture; the file is damaged");
    }
    ModelPlan plan;
    try {
      plan = ModelPlan.fromArchitectureJson(json);
    } catch (RuntimeException e) {
      throw problem(source, "has an architecture the lab cannot build: " + e.getMessage());
    }
    Map<String, ParameterSpec> params = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    long bytes = 0;
    try {
      for (PlanNode n : plan.nodes()) {
        if (!names.add(n.name())) {
          throw problem(source, "has two layers named '" + n.name() + "'; the file is damaged");
        }
        for (ParameterSpec p : n.op().parameters(n.inputShape())) {
          long size = 1;
          for (long d : p.shape()) {
            if (d < 0) {
              throw problem(
                  source, "declares a negative size in parameter '" + n.name() + "." + p.name());
            }
            size = Math.multiplyExact(size, d);
          }
          bytes = Math.addExact(bytes, Math.multiplyExact(4L, size));
          params.put(n.name() + "." + p.name(), p);
        }
      }
    } catch (ArithmeticException e) {
      throw problem(source, "declares an architecture whose sizes overflow 64 bits");
    } catch (RuntimeException e) {
      if (e instanceof UncheckedIOException u) {
        throw u;
      }
      throw problem(source, "has an architecture the lab cannot build: " + e.getMessage());
    }
    return new DeclaredArchitecture(json, plan, params, bytes);
  }

  /** The lowered plan (shapes and counts, no tensors). */
  public ModelPlan plan() {
    return plan;
  }

  /** Every parameter the model will have, by dotted name, in {@link Sequential} order. */
  public Map<String, ParameterSpec> parameters() {
    return new LinkedHashMap<>(parameters);
  }

  /** Bytes of every parameter and saved state as float32. */
  public long float32Bytes() {
    return float32Bytes;
  }

  /**
   * Refuses an architecture whose float32 parameters take more than {@code limit} bytes: what the
   * file can hold ({@code what} says how the limit was found).
   */
  public void requireAtMost(long limit, String source, String what) {
    if (float32Bytes > limit) {
      throw problem(
          source,
          String.format(
              "declares an architecture of %,d bytes of float32 parameters, more than the %,d %s;"
                  + " the header and the data disagree",
              float32Bytes, limit, what));
    }
  }

  /** Builds the model (parameters drawn from seed 0, to be overwritten by the file's). */
  public Sequential build() {
    return Sequential.fromArchitectureJson(json, 0);
  }

  private static UncheckedIOException problem(String source, String what) {
    return new UncheckedIOException(new IOException("model file " + source + " " + what + "."));
  }
}
