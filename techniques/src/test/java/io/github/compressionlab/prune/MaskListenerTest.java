package io.github.compressionlab.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.Adam;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class MaskListenerTest {

  @Test
  void fineTuning_keepsPrunedWeightsExactlyZero_andTrainsTheRest() {
    Sequential m = PruneFixtures.mlp(7);
    Dataset data = PruneFixtures.bands(96, new long[] {1, 4, 4}, 1);
    Mask mask = MagnitudePruner.global().mask(m, 0.7);
    INDArray before = m.parameter("fc1.weight").value().dup();
    // Adam keeps momentum, so only re-masking after the step keeps pruned weights at zero
    new Trainer(
            m,
            TrainingConfig.builder()
                .optimizer(new Adam(1e-2))
                .epochs(3)
                .batchSize(16)
                .seed(2)
                .listener(new MaskListener(mask))
                .build())
        .fit(data);
    for (String name : mask.names()) {
      INDArray w = m.parameter(name).value();
      INDArray pruned = w.mul(mask.get(name).rsub(1)); // values where the mask is 0
      assertEquals(0.0, pruned.norm1Number().doubleValue(), name + " has revived weights");
    }
    INDArray kept = m.parameter("fc1.weight").value().mul(mask.get("fc1.weight"));
    INDArray keptBefore = before.mul(mask.get("fc1.weight"));
    assertTrue(kept.sub(keptBefore).norm1Number().doubleValue() > 0, "kept weights should train");
    assertEquals(0.7, 1 - (double) nonZero(m, mask) / totalMasked(m, mask), 0.01);
  }

  private static long nonZero(Sequential m, Mask mask) {
    long n = 0;
    for (String name : mask.names()) {
      n +=
          m.parameter(name)
              .value()
              .neq(0)
              .castTo(org.nd4j.linalg.api.buffer.DataType.INT32)
              .sumNumber()
              .longValue();
    }
    return n;
  }

  private static long totalMasked(Sequential m, Mask mask) {
    return mask.names().stream().mapToLong(n -> m.parameter(n).size()).sum();
  }
}
