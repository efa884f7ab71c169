package io.github.compressionlab.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.nn.ModelPlan;
import io.github.compressionlab.nn.PlanNode;
import io.github.compressionlab.nn.QuantizedWeights;
import io.github.compressionlab.nn.Sequential;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiplyAddsTest {

  // conv 2@3x3 (no padding) on [1, 5, 5] → [2, 3, 3]: 2·1·3·3 = 18 weights, each used at 3·3 = 9
  // positions: 162 multiply-adds. flatten → 18 → dense 10: 18·10 = 180. ReLU and pooling add none.
  static Sequential convDense() {
    return Sequential.builder(1, 5, 5)
        .seed(3)
        .conv2d("conv", 2, 3, 1, 0)
        .relu("relu")
        .flatten()
        .dense("fc", 10)
        .build();
  }

  @Test
  void denseLayer_countsEveryWeightOnce() {
    // dense 4 → 3: 4·3 = 12 multiply-adds
    Sequential m = Sequential.builder(4).dense("fc1", 3).seed(1).build();
    assertEquals(new MultiplyAdds(12, 0), MultiplyAdds.of(m));
  }

  @Test
  void convLayer_countsEveryWeightOncePerOutputPosition() {
    MultiplyAdds m = MultiplyAdds.of(convDense());
    assertEquals(162 + 180, m.float32());
    assertEquals(0, m.integer());
    assertEquals(Map.of("conv", 162L, "fc", 180L), MultiplyAdds.perLayer(convDense().plan()));
  }

  @Test
  void flops_areTwicePerMultiplyAddPlusTheBiasesAndRelu() {
    // FLOPs: 2·342 multiply-adds + 18 conv biases + 18 ReLUs + 10 dense biases = 730
    Sequential m = convDense();
    assertEquals(2 * MultiplyAdds.of(m).total() + 18 + 18 + 10, m.flops());
  }

  @Test
  void integerWeights_countAsIntegerMultiplyAdds() {
    Sequential m = Sequential.builder(4).dense("fc1", 3).seed(1).build();
    PlanNode n = m.plan().nodes().get(0);
    PlanNode q =
        n.withQuantized(
            new QuantizedWeights(8, new byte[12], new float[] {1, 1, 1}, 0.1, 0),
            Map.of("bias", n.tensor("bias")));
    MultiplyAdds c = MultiplyAdds.of(new ModelPlan(m.plan().inputShape(), List.of(q)));
    assertEquals(new MultiplyAdds(0, 12), c);
    assertEquals(12, c.total());
  }

  @Test
  void badInput_saysWhatWasWrong() {
    var noModel =
        assertThrows(
            IllegalArgumentException.class,
            () -> MultiplyAdds.of((io.github.compressionlab.nn.InferenceModel) null));
    assertTrue(noModel.getMessage().contains("give a model"), noModel.getMessage());
    var negative = assertThrows(IllegalArgumentException.class, () -> new MultiplyAdds(-1, 0));
    assertTrue(negative.getMessage().contains("negative"), negative.getMessage());
  }
}
