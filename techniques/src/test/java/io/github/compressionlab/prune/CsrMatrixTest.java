package io.github.compressionlab.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CsrMatrixTest {

  @Test
  void of_storesNonZerosRowByRow() {
    // [[0, 2, 0, 3],
    //  [0, 0, 0, 0],
    //  [4, 0, 0, 5]]  → values 2 3 4 5, columns 1 3 0 3, rows start at 0 2 2 4
    INDArray a = PruneFixtures.matrix(new float[][] {{0, 2, 0, 3}, {0, 0, 0, 0}, {4, 0, 0, 5}});
    CsrMatrix m = CsrMatrix.of(a);
    assertArrayEquals(new float[] {2, 3, 4, 5}, m.values());
    assertArrayEquals(new int[] {1, 3, 0, 3}, m.colIdx());
    assertArrayEquals(new int[] {0, 2, 2, 4}, m.rowPtr());
    assertEquals(a, m.toDense());
    // relative: row 0 steps 1 − (−1) = 2, then 3 − 1 = 2; row 2 steps 0 − (−1) = 1, then 3
    CsrMatrix.Relative r = m.toRelative();
    assertArrayEquals(new byte[] {2, 2, 1, 3}, r.deltas());
    assertEquals(a, r.decode().toDense());
  }

  @Test
  void relative_bridgesLongGapsWithPaddingEntries() {
    // one row of 600 with non-zeros at columns 0 and 599: steps 1 and 599 = 255 + 255 + 89, so
    // two padding entries (value 0) come before the second value
    float[] row = new float[600];
    row[0] = 1.5f;
    row[599] = -2f;
    INDArray a = Nd4j.create(row, new long[] {1, 600}, 'c');
    CsrMatrix.Relative r = CsrMatrix.of(a).toRelative();
    assertEquals(4, r.entries());
    assertArrayEquals(new int[] {1, 255, 255, 89}, toUnsigned(r.deltas()));
    assertArrayEquals(new float[] {1.5f, 0f, 0f, -2f}, r.values());
    CsrMatrix back = r.decode();
    assertEquals(2, back.nnz()); // padding dropped
    assertEquals(a, back.toDense());
  }

  @Test
  void roundTrip_randomSparseMatrix_isExact() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
    float[] v = new float[40 * 700];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextDouble() < 0.05 ? (float) rnd.nextGaussian() : 0f;
    }
    INDArray a = Nd4j.create(v, new long[] {40, 700}, 'c');
    assertEquals(a, CsrMatrix.of(a).toRelative().decode().toDense());
  }

  @Test
  void of_rejectsNonMatrices() {
    assertThrows(IllegalArgumentException.class, () -> CsrMatrix.of(Nd4j.zeros(2, 2, 2)));
  }

  private static int[] toUnsigned(byte[] b) {
    int[] out = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i] & 0xFF;
    }
    return out;
  }
}
