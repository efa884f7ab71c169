package io.github.compressionlab.quant.integer;

/**
 * Integer matrix kernels on int8 data with int32 accumulation, written as plain loops over
 * contiguous rows so the JIT can vectorize them.
 *
 * <p>The fallback when the JDK Vector API is not available ({@code --add-modules
 * jdk.incubator.vector} missing, or {@code -Dlab.quant.vector=false}); otherwise {@link IntAxpy}'s
 * kernels run, about 4x faster (see there). A Vector API dot-product version of {@link
 * #rowsTimesRows} measured only 1.2x better than these loops: the axpy layout is what helps.
 */
final class IntGemm {
  private IntGemm() {}

  /**
   * {@code acc[r·n + o] = Σ_i a[r·k + i] · w[o·k + i]}: every row of {@code a} ({@code rows × k})
   * against every row of {@code w} ({@code n × k}, a weight matrix stored transposed so both inner
   * loops run over contiguous memory). Four weight rows at a time share each load of {@code a}.
   */
  static void rowsTimesRows(byte[] a, int aOff, int rows, int k, byte[] w, int n, int[] acc) {
    int n4 = n & ~3;
    for (int r = 0; r < rows; r++) {
      int ar = aOff + r * k;
      int out = r * n;
      for (int o = 0; o < n4; o += 4) {
        dot4(a, ar, w, o * k, k, acc, out + o);
      }
      for (int o = n4; o < n; o++) {
        acc[out + o] = dot(a, ar, w, o * k, k);
      }
    }
  }

  /**
   * Four dot products of one row of {@code a} with four consecutive rows of {@code w}, written to
   * {@code acc[at..at+3]}. A small method of its own, so the JIT compiles it whole rather than as
   * an on-stack replacement of a long outer loop (measured 5x slower at batch 64).
   */
  static void dot4(byte[] a, int ar, byte[] w, int w0, int k, int[] acc, int at) {
    int w1 = w0 + k;
    int w2 = w1 + k;
    int w3 = w2 + k;
    int s0 = 0;
    int s1 = 0;
    int s2 = 0;
    int s3 = 0;
    for (int i = 0; i < k; i++) {
      int x = a[ar + i];
      s0 += x * w[w0 + i];
      s1 += x * w[w1 + i];
      s2 += x * w[w2 + i];
      s3 += x * w[w3 + i];
    }
    acc[at] = s0;
    acc[at + 1] = s1;
    acc[at + 2] = s2;
    acc[at + 3] = s3;
  }

  /** {@code Σ_i a[ao + i] · b[bo + i]}. */
  static int dot(byte[] a, int ao, byte[] b, int bo, int k) {
    int s = 0;
    for (int i = 0; i < k; i++) {
      s += a[ao + i] * b[bo + i];
    }
    return s;
  }

  /**
   * {@code acc[o·p + j] = Σ_i w[o·k + i] · cols[i·p + j]} for short rows ({@code k} small, {@code
   * p} long): each weight scales a contiguous row of {@code cols} (an "axpy"), the better shape
   * when the reduction is too short to vectorize, as in a first conv layer with one input channel.
   */
  static void weightsTimesCols(byte[] w, int n, int k, byte[] cols, int p, int[] acc) {
    java.util.Arrays.fill(acc, 0, n * p, 0);
    for (int o = 0; o < n; o++) {
      int out = o * p;
      for (int i = 0; i < k; i++) {
        int wv = w[o * k + i];
        int c = i * p;
        for (int j = 0; j < p; j++) {
          acc[out + j] += wv * cols[c + j];
        }
      }
    }
  }
}
