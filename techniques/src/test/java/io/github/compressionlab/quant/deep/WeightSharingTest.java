package io.github.compressionlab.quant.deep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.testing.TestData;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class WeightSharingTest {

  @Test
  void linearInit_evenlySpacedFromMinToMax() {
    assertArrayEquals(
        new double[] {-1, -0.5, 0, 0.5, 1}, WeightSharing.linearInit(-1, 1, 5), 1e-12);
  }

  @Test
  void cluster_handMadeData_twoClusters() {
    // non-zeros 1,2,3,10,11,12; 1 bit → k = 2, linear init at min 1 and max 12.
    // midpoint 6.5 splits {1,2,3} | {10,11,12}; means 2 and 11; nothing changes after that.
    float[] w = {0, 1, 0, 2, 3, 10, 0, 11, 12};
    WeightSharing.Clustering c = WeightSharing.cluster(w, 1);
    assertArrayEquals(new float[] {2f, 11f}, c.centroids(), 1e-6f);
    assertArrayEquals(new int[] {-1, 0, -1, 0, 0, 1, -1, 1, 1}, c.assignment());
  }

  @Test
  void cluster_movesAssignmentsUntilConverged() {
    // 1 bit, non-zeros 1, 4, 5, 6, 20: init 1 and 20, midpoint 10.5 → {1,4,5,6} | {20},
    // means 4 and 20, midpoint 12 → same split: converged at centroids 4 and 20
    WeightSharing.Clustering c = WeightSharing.cluster(new float[] {1, 4, 5, 6, 20}, 1);
    assertArrayEquals(new float[] {4f, 20f}, c.centroids(), 1e-6f);
    // 2 bits: init 1, 7.33, 13.67, 20 → {1,4} {5,6} {} {20} (4 is 3 from 1, 3.33 from 7.33);
    // means 2.5, 5.5, 13.67 (empty: kept), 20. Then 4 is 1.5 from both 2.5 and 5.5: the tie goes
    // to the lower centroid, so nothing changes and k-means stops.
    WeightSharing.Clustering c2 = WeightSharing.cluster(new float[] {1, 4, 5, 6, 20}, 2);
    assertArrayEquals(new float[] {2.5f, 5.5f, 1 + 19 * 2 / 3f, 20f}, c2.centroids(), 1e-5f);
    assertArrayEquals(new int[] {0, 0, 1, 1, 3}, c2.assignment());
  }

  @Test
  void cluster_randomData_isAFixedPointOfLloyd() {
    SplittableRandom r = new SplittableRandom(3);
    float[] w = new float[2000];
    for (int i = 0; i < w.length; i++) {
      w[i] = r.nextDouble() < 0.5 ? 0f : (float) r.nextGaussian();
    }
    WeightSharing.Clustering c = WeightSharing.cluster(w, 3);
    double[] sum = new double[8];
    int[] n = new int[8];
    for (int i = 0; i < w.length; i++) {
      int a = c.assignment()[i];
      if (w[i] == 0f) {
        assertEquals(-1, a);
        continue;
      }
      // nearest centroid
      for (float q : c.centroids()) {
        assertTrue(Math.abs(w[i] - c.centroids()[a]) <= Math.abs(w[i] - q) + 1e-6);
      }
      sum[a] += w[i];
      n[a]++;
    }
    for (int q = 0; q < 8; q++) {
      if (n[q] > 0) {
        assertEquals(sum[q] / n[q], c.centroids()[q], 1e-5); // each centroid the mean
      }
    }
    assertTrue(c.iterations() < WeightSharing.MAX_ITERATIONS);
  }

  @Test
  void apply_zerosStayZero_weightsBecomeCentroids_biasesUntouched() {
    Sequential m = tinyModel();
    float[] bias = m.parameter("fc1.bias").value().dup().data().asFloat();
    SharedWeights s = WeightSharing.defaults().denseBits(2).apply(m);
    float[] w = values(m.parameter("fc1.weight").value());
    SharedWeights.Codebook book = s.codebook("fc1.weight");
    Set<Float> distinct = new HashSet<>();
    for (int i = 0; i < w.length; i++) {
      if (i % 3 == 0) {
        assertEquals(0f, w[i]); // zeroed in tinyModel
        assertEquals(-1, book.assignment()[i]);
      } else {
        assertEquals(book.centroids()[book.assignment()[i]], w[i]);
        distinct.add(w[i]);
      }
    }
    assertTrue(distinct.size() <= 4);
    assertArrayEquals(bias, values(m.parameter("fc1.bias").value()));
    assertEquals(2, book.bits());
    assertEquals(2, s.codebooks().size()); // fc1 and fc2 weights
  }

  @Test
  void apply_isDeterministic() {
    Sequential a = tinyModel();
    Sequential b = tinyModel();
    WeightSharing.defaults().denseBits(3).apply(a);
    WeightSharing.defaults().denseBits(3).apply(b);
    assertArrayEquals(
        values(a.parameter("fc1.weight").value()), values(b.parameter("fc1.weight").value()));
  }

  @Test
  void bitsOutOfRange_isRejectedWithTheRange() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WeightSharing.defaults().denseBits(9));
    assertTrue(e.getMessage().contains("1..8"), e.getMessage());
  }

  @Test
  void layerBits_overridesTheTypeDefault() {
    Sequential m = tinyModel();
    SharedWeights s = WeightSharing.defaults().denseBits(4).layerBits("fc2", 1).apply(m);
    assertEquals(4, s.codebook("fc1.weight").bits());
    assertEquals(1, s.codebook("fc2.weight").bits());
  }

  /** 16 → 6 → 2 dense model with every third fc1 weight zero (as if pruned). */
  static Sequential tinyModel() {
    Sequential m =
        Sequential.builder(1, 4, 4)
            .seed(5)
            .flatten()
            .dense("fc1", 6)
            .relu("r")
            .dense("fc2", 2)
            .build();
    INDArray w = TestData.uniform(9, 16, 6);
    float[] v = values(w);
    for (int i = 0; i < v.length; i += 3) {
      v[i] = 0f;
    }
    m.parameter("fc1.weight")
        .setValue(org.nd4j.linalg.factory.Nd4j.create(v, new long[] {16, 6}, 'c'));
    return m;
  }

  static float[] values(INDArray a) {
    return a.dup('c').data().asFloat();
  }
}
