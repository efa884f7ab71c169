package io.github.compressionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelPlanTest {

  @Test
  void loweredFromConfigs_countsWhatTheBuiltModelHas_withoutWeights() {
    Sequential m = ReferenceModels.smallCnn(3);
    ModelPlan configsOnly = ModelPlan.lower(m.inputShape(), m.configs());
    assertFalse(configsOnly.hasWeights());
    assertEquals(m.paramCount(), configsOnly.params());
    assertEquals(m.flops(), configsOnly.flops());
    // every parameter stored as float32: 4 bytes a value
    assertEquals(4 * m.paramCount(), configsOnly.float32Bytes());
    assertArrayEquals(new long[] {10}, configsOnly.outputShape());
  }

  @Test
  void planOfAModel_holdsShapesAndTheLiveTensors() {
    Sequential m = ReferenceModels.smallCnn(3);
    PlanNode conv2 = m.plan().node("conv2");
    // 28 → conv1 26 → pool 13 → conv2 11
    assertArrayEquals(new long[] {16, 13, 13}, conv2.inputShape());
    assertArrayEquals(new long[] {32, 11, 11}, conv2.outputShape());
    assertSame(m.parameter("conv2.weight").value(), conv2.tensor("weight"));
    Conv2d.Config op = (Conv2d.Config) conv2.op();
    assertEquals(3, op.kernel());
    assertEquals(1, op.stride());
    assertEquals(0, op.padding());
  }

  @Test
  void batchNormState_isStoredButNotCounted() {
    Sequential m = Sequential.builder(4).seed(1).dense("fc", 3).batchNorm("bn").build();
    // fc 4·3 + 3, bn γ and β 3 + 3; the running mean and variance are saved state
    assertEquals(21, m.plan().params());
    assertEquals(4 * (21 + 6), m.plan().float32Bytes());
  }

  @Test
  void layerThatDoesNotFit_isNamedWithItsPosition() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ModelPlan.lower(
                    new long[] {1, 28, 28},
                    List.of(new Flatten.Config("f"), new Dense.Config("fc", 100, 10, null))));
    assertTrue(e.getMessage().startsWith("layer 2 of 2: layer 'fc'"), e.getMessage());
  }

  @Test
  void poolingWindowLargerThanTheImage_doesNotFit() {
    // floor((1 − 2) / 2) + 1 = 0 rows: a 2x2 window has nothing to pool on a 1x1 image
    assertThrows(
        IllegalArgumentException.class,
        () -> new MaxPool2d.Config("p", 2, 2).outputShape(new long[] {4, 1, 1}));
  }

  @Test
  void roles_sayWhichAxisHoldsTheUnits() {
    LayerConfig.Weighted dense = new Dense.Config("fc", 784, 300, null);
    LayerConfig.Weighted conv = new Conv2d.Config("c", 3, 8, 5, 1, 2);
    assertEquals(1, dense.outputAxis()); // weight [in, out]
    assertEquals(0, conv.outputAxis()); // weight [outC, inC, k, k]
    assertEquals(new Dense.Config("fc", 10, 20, null), dense.withUnits(10, 20));
    assertEquals(
        new BatchNorm.Config("bn", 5, 0.1, 1e-5),
        new BatchNorm.Config("bn", 8, 0.1, 1e-5).withUnits(5));
  }

  @Test
  void jsonType_isTheLayerClassName_andRoundTrips() {
    assertEquals("maxpool2d", new MaxPool2d.Config("p", 2, 2).type());
    assertEquals("batchnorm", new BatchNorm.Config("bn", 3, 0.1, 1e-5).type());
    Sequential m = ReferenceModels.smallCnn(1);
    ModelPlan back = ModelPlan.fromArchitectureJson(m.architectureJson());
    assertEquals(m.configs(), back.configs());
  }

  @Test
  void engines_areFoundAsTypes_andNd4jRunsEveryFloatPlan() {
    List<String> labels = Engines.all().stream().map(Engine::label).toList();
    // core's two; the integer engine comes with the techniques module (IntegerEngineServiceTest)
    assertEquals(List.of("ND4J", "plain Java"), labels);
    Sequential bn = Sequential.builder(4).seed(1).dense("fc", 3).batchNorm("bn").build();
    assertEquals(
        List.of("ND4J"), Engines.supporting(bn.plan()).stream().map(Engine::label).toList());
    Sequential copy = new Nd4jEngine().compile(bn.plan());
    assertEquals(bn.parameter("fc.weight").value(), copy.parameter("fc.weight").value());
  }
}
