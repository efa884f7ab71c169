package io.github.compressionlab.quant.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Sgd;
import io.github.compressionlab.nn.SoftmaxCrossEntropy;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;
import io.github.compressionlab.testing.TestData;
import org.junit.jupiter.api.Test;

class CentroidTuningTest {

  @Test
  void oneSgdStep_movesEachCentroidBySummedGradient_weightsStayOnCentroids() {
    Sequential model = WeightSharingTest.tinyModel();
    SharedWeights shared = WeightSharing.defaults().denseBits(2).apply(model);
    float[] before = shared.codebook("fc1.weight").centroids().clone();
    Dataset data = TestData.blobs(8, 2, 4, 5);

    // reference: the gradient of the same (full) batch on a copy, summed per cluster (Han eq. 3)
    Sequential ref = model.copy();
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    loss.forward(ref.forward(data.images(), true), data.labels());
    ref.backward(loss.backward());
    float[] g = WeightSharingTest.values(ref.parameter("fc1.weight").grad());
    int[] a = shared.codebook("fc1.weight").assignment();
    double[] sum = new double[4];
    for (int i = 0; i < g.length; i++) {
      if (a[i] >= 0) {
        sum[a[i]] += g[i];
      }
    }

    double lr = 0.5;
    new Trainer(
            model,
            TrainingConfig.builder()
                .optimizer(new Sgd(0.01))
                .epochs(1)
                .batchSize(8) // one batch: the whole set
                .seed(1)
                .listener(CentroidTuning.sgd(shared, lr))
                .build())
        .fit(data);

    float[] after = shared.codebook("fc1.weight").centroids();
    boolean moved = false;
    for (int k = 0; k < 4; k++) {
      assertEquals(before[k] - lr * sum[k], after[k], 1e-5, "centroid " + k);
      moved |= Math.abs(after[k] - before[k]) > 1e-6;
    }
    assertTrue(moved, "some centroid should move");
    float[] w = WeightSharingTest.values(model.parameter("fc1.weight").value());
    for (int i = 0; i < w.length; i++) {
      assertEquals(a[i] < 0 ? 0f : after[a[i]], w[i], "weight " + i);
    }
  }

  @Test
  void adamTuning_keepsPrunedZerosAndSharedValues_overSeveralEpochs() {
    Sequential model = WeightSharingTest.tinyModel();
    SharedWeights shared = WeightSharing.defaults().denseBits(3).apply(model);
    float[] before = shared.codebook("fc2.weight").centroids().clone();
    new Trainer(
            model,
            TrainingConfig.builder()
                .epochs(3)
                .batchSize(16)
                .seed(2)
                .listener(CentroidTuning.adam(shared, 1e-2))
                .build())
        .fit(TestData.blobs(64, 2, 4, 6));
    for (SharedWeights.Codebook c : shared.codebooks().values()) {
      float[] w = WeightSharingTest.values(model.parameter(c.parameter()).value());
      java.util.Set<Float> distinct = new java.util.HashSet<>();
      for (int i = 0; i < w.length; i++) {
        int k = c.assignment()[i];
        assertEquals(k < 0 ? 0f : c.centroids()[k], w[i]);
        if (w[i] != 0f) {
          distinct.add(w[i]);
        }
      }
      assertTrue(distinct.size() <= 8);
    }
    float[] w1 = WeightSharingTest.values(model.parameter("fc1.weight").value());
    for (int i = 0; i < w1.length; i += 3) {
      assertEquals(0f, w1[i]); // pruned in tinyModel
    }
    assertNotEquals(before[0], shared.codebook("fc2.weight").centroids()[0]);
  }
}
