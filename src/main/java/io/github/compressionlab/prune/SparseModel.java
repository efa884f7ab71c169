package io.github.compressionlab.prune;

import io.github.compressionlab.nn.Dense;
import io.github.compressionlab.nn.Dropout;
import io.github.compressionlab.nn.Flatten;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.Layer;
import io.github.compressionlab.nn.ReLU;
import io.github.compressionlab.nn.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference over CSR weights in plain Java loops, for fully connected models (Flatten, Dense, ReLU,
 * Dropout). Each Dense layer keeps only its non-zero weights, row by row of its {@code [in, out]}
 * matrix, and computes {@code y = b + Σ_i x_i · W[i, :]} skipping inputs that are zero (blank
 * pixels, ReLU outputs) and weights that were pruned. The work is proportional to the non-zero
 * weights that meet non-zero inputs, so it beats the dense ND4J path at batch 1 only at high
 * sparsity; at low sparsity or large batches dense matrix products win. Measure, don't assume.
 */
public final class SparseModel implements InferenceModel {
  private final long[] inputShape;
  private final int inputSize;
  private final List<Stage> stages;
  private final int outputs;

  /** A Dense layer in CSR, or a ReLU. */
  private record Stage(String name, CsrMatrix weight, float[] bias, boolean relu) {}

  private SparseModel(long[] inputShape, List<Stage> stages, int outputs) {
    this.inputShape = inputShape;
    long n = 1;
    for (long s : inputShape) {
      n *= s;
    }
    this.inputSize = Math.toIntExact(n);
    this.stages = stages;
    this.outputs = outputs;
  }

  /**
   * The sparse form of a fully connected model; zero weights are left out.
   *
   * @throws IllegalArgumentException for layers other than Flatten, Dense, ReLU and Dropout, naming
   *     the layer
   */
  public static SparseModel of(Sequential model) {
    List<Stage> stages = new ArrayList<>();
    int width = -1;
    boolean flat = model.inputShape().length == 1;
    for (Layer l : model.layers()) {
      if (l instanceof Dense d) {
        if (!flat) {
          throw new IllegalArgumentException(
              "layer '" + d.name() + "' gets image-shaped input; add a Flatten before it");
        }
        stages.add(
            new Stage(
                d.name(),
                CsrMatrix.of(d.weight().value()),
                d.bias().value().dup().data().asFloat(),
                false));
        width = Math.toIntExact(d.out());
      } else if (l instanceof ReLU) {
        stages.add(new Stage(l.name(), null, null, true));
      } else if (l instanceof Flatten) {
        flat = true; // input is flattened in row-major order, as Flatten does
      } else if (!(l instanceof Dropout)) {
        throw new IllegalArgumentException(
            "SparseModel runs Flatten, Dense, ReLU and Dropout layers only; layer '"
                + l.name()
                + "' is a "
                + l.getClass().getSimpleName()
                + ". Measure conv models dense, or prune their filters with Surgery.removeUnits");
      }
    }
    if (width < 0) {
      throw new IllegalArgumentException("the model has no Dense layer to run sparsely");
    }
    return new SparseModel(model.inputShape(), stages, width);
  }

  @Override
  public INDArray predict(INDArray x) {
    long[] shape = x.shape();
    if (shape.length != inputShape.length + 1
        || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), inputShape)) {
      throw new IllegalArgumentException(
          "expected input [batch, "
              + Arrays.toString(inputShape).substring(1)
              + " but got "
              + Arrays.toString(shape));
    }
    int n = Math.toIntExact(shape[0]);
    INDArray c = x.dataType() == DataType.FLOAT ? x : x.castTo(DataType.FLOAT);
    float[] in =
        c.ordering() == 'c' && !c.isView() && c.length() == c.data().length()
            ? c.data().asFloat()
            : c.dup('c').data().asFloat();
    float[] out = new float[n * outputs];
    for (int e = 0; e < n; e++) {
      float[] a = Arrays.copyOfRange(in, e * inputSize, (e + 1) * inputSize);
      for (Stage s : stages) {
        a = s.relu ? relu(a) : dense(s, a);
      }
      System.arraycopy(a, 0, out, e * outputs, outputs);
    }
    return Nd4j.create(out, new long[] {n, outputs}, 'c');
  }

  private static float[] relu(float[] a) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] < 0f) {
        a[i] = 0f;
      }
    }
    return a;
  }

  private static float[] dense(Stage s, float[] x) {
    CsrMatrix w = s.weight;
    float[] y = s.bias.clone();
    int[] ptr = w.rowPtr();
    int[] col = w.colIdx();
    float[] val = w.values();
    for (int i = 0; i < w.rows(); i++) {
      float xi = x[i];
      if (xi == 0f) {
        continue; // a blank pixel or an inactive neuron: its whole row is skipped
      }
      for (int k = ptr[i], end = ptr[i + 1]; k < end; k++) {
        y[col[k]] += xi * val[k];
      }
    }
    return y;
  }

  @Override
  public long[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public int numClasses() {
    return outputs;
  }

  /** Stored non-zero weights over all Dense layers. */
  public long nonZeroWeights() {
    return stages.stream().filter(s -> s.weight != null).mapToLong(s -> s.weight.nnz()).sum();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("SparseModel(");
    String sep = "";
    for (Stage st : stages) {
      if (st.weight != null) {
        s.append(sep)
            .append(
                String.format(
                    Locale.ROOT,
                    "%s %d→%d, %,d non-zero (%.1f%% sparse)",
                    st.name,
                    st.weight.rows(),
                    st.weight.cols(),
                    st.weight.nnz(),
                    100.0
                        * (1
                            - (double) st.weight.nnz()
                                / ((long) st.weight.rows() * st.weight.cols()))));
        sep = ", ";
      }
    }
    return s.append(")").toString();
  }
}
