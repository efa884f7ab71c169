package io.github.compressionlab.nn;

import java.util.Locale;

/**
 * {@code out[j] = b[j] + Σ_i x[i]·W[i][j]} over the {@code [in, out]} weight, skipping zero inputs
 * (blank pixels, inactive ReLUs: about half). A mostly dense weight runs as one loop over all
 * outputs per input, which the JIT vectorizes. A weight with few non-zeros (pruned) is kept in
 * compressed sparse rows instead and only its non-zeros are visited: the work is then proportional
 * to the non-zero weights that meet non-zero inputs, which beats the vectorized loop once about
 * three quarters of the weights are zero (a scattered update costs a few vectorized ones).
 *
 * <p>With the Vector API ({@link FloatVectorKernels}) a dense weight is laid out once with rows
 * padded to whole vectors, the non-zero inputs are compacted first, and four vectors of outputs are
 * accumulated in registers over all of them: each weight is loaded once and each output stored
 * once, where the plain loop loads and stores the outputs for every input.
 */
final class JavaDenseStage implements JavaStage {
  /** Below this fraction of non-zero weights the CSR loop is used. */
  static final double CSR_DENSITY = 0.25;

  final int in, out;
  final float[] weight; // [in][out], or null in CSR form
  // The Vector API form (FloatVectorKernels): rows of `stride` floats (out rounded up to whole
  // vectors, zero beyond out), the bias padded alike, and the buffers of the compacted inputs.
  final int stride;
  final float[] vectorWeight;
  final float[] vectorBias;
  private final int[] offsets;
  private final float[] inputs;
  private final float[] result;
  final float[] bias;
  // CSR form: row i (input i) holds entries rowPtr[i] .. rowPtr[i+1]-1
  final int[] rowPtr;
  final int[] colIdx;
  final float[] values;

  JavaDenseStage(Dense.Config config, PlanNode node) {
    this.in = (int) config.in();
    this.out = (int) config.out();
    float[] w = node.tensor("weight").dup('c').data().asFloat(); // [in][out]
    this.bias = node.tensor("bias").dup('c').data().asFloat();
    int nnz = 0;
    for (float v : w) {
      nnz += v != 0f ? 1 : 0;
    }
    if (nnz < CSR_DENSITY * w.length) {
      rowPtr = new int[in + 1];
      colIdx = new int[nnz];
      values = new float[nnz];
      int k = 0;
      for (int i = 0; i < in; i++) {
        for (int j = 0; j < out; j++) {
          float v = w[i * out + j];
          if (v != 0f) {
            colIdx[k] = j;
            values[k++] = v;
          }
        }
        rowPtr[i + 1] = k;
      }
      weight = null;
    } else {
      weight = w;
      rowPtr = null;
      colIdx = null;
      values = null;
    }
    if (weight != null && FloatVectorKernels.AVAILABLE) {
      stride = FloatVectorKernels.roundUp(out, FloatVectorKernels.LANES);
      vectorWeight = new float[in * stride];
      for (int i = 0; i < in; i++) {
        System.arraycopy(w, i * out, vectorWeight, i * stride, out);
      }
      vectorBias = java.util.Arrays.copyOf(bias, stride);
      offsets = new int[in];
      inputs = new float[in];
      result = new float[stride];
    } else {
      stride = 0;
      vectorWeight = null;
      vectorBias = null;
      offsets = null;
      inputs = null;
      result = null;
    }
  }

  @Override
  public int outSize() {
    return out;
  }

  @Override
  public void run(float[] x, float[] y) {
    if (vectorWeight != null) {
      runVector(x, y);
      return;
    }
    System.arraycopy(bias, 0, y, 0, out);
    if (weight == null) {
      runSparse(x, y);
      return;
    }
    for (int i = 0; i < in; i++) {
      float v = x[i];
      if (v != 0f) {
        int base = i * out;
        for (int j = 0; j < out; j++) {
          y[j] += v * weight[base + j];
        }
      }
    }
  }

  /** The non-zero inputs compacted, then {@link FloatVectorKernels.Vectors#dense}. */
  private void runVector(float[] x, float[] y) {
    int count = 0;
    for (int i = 0; i < in; i++) {
      float v = x[i];
      if (v != 0f) {
        offsets[count] = i * stride;
        inputs[count++] = v;
      }
    }
    FloatVectorKernels.Vectors.dense(
        vectorWeight, stride, vectorBias, offsets, inputs, count, result);
    System.arraycopy(result, 0, y, 0, out);
  }

  private void runSparse(float[] x, float[] y) {
    for (int i = 0; i < in; i++) {
      float xi = x[i];
      if (xi == 0f) {
        continue; // a blank pixel or an inactive neuron: its whole row is skipped
      }
      for (int k = rowPtr[i], end = rowPtr[i + 1]; k < end; k++) {
        y[colIdx[k]] += xi * values[k];
      }
    }
  }

  /** Non-zero weights (CSR entries, or counted in the dense array). */
  long nonZeroWeights() {
    if (weight == null) {
      return values.length;
    }
    long n = 0;
    for (float v : weight) {
      n += v != 0f ? 1 : 0;
    }
    return n;
  }

  @Override
  public String describe(String layer) {
    if (weight != null) {
      return layer;
    }
    return String.format(
        Locale.ROOT,
        "%s CSR %,d non-zero (%.1f%% sparse)",
        layer,
        values.length,
        100.0 * (1 - (double) values.length / ((long) in * out)));
  }
}
