package io.github.compressionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.testing.SmallCnn;
import io.github.compressionlab.testing.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.Table;

class SequentialTest {

  static Sequential smallCnn(long seed) {
    return SmallCnn.side(8).dropout(0.2).build(seed);
  }

  @Test
  void builder_infersInputSizes() {
    Sequential m = smallCnn(1);
    // conv 1→4 keeps 8x8 (padding 1), pool halves it: 4·4·4 = 64 features into fc1
    assertArrayEquals(new long[] {4, 8, 8}, m.layer("conv1").outputShape(new long[] {1, 8, 8}));
    assertEquals(64, ((Dense) m.layer("fc1")).in());
    assertArrayEquals(new long[] {3}, m.outputShape());
    assertEquals(3, m.numClasses());
  }

  @Test
  void builder_denseAfterConvWithoutFlatten_failsNamingLayerShapeAndFix() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Sequential.builder(1, 8, 8).conv2d("conv1", 4, 3).dense("fc1", 10).build());
    String m = e.getMessage();
    assertTrue(m.contains("fc1") && m.contains("[4, 6, 6]") && m.contains("flatten"), m);
  }

  @Test
  void builder_addedLayerThatDoesNotFit_failsNamingLayerAndShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Sequential.builder(10).add(new Dense("fc1", 12, 4, 1)).build());
    assertTrue(e.getMessage().contains("fc1") && e.getMessage().contains("[10]"), e.getMessage());
  }

  @Test
  void builder_duplicateNames_areRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Sequential.builder(4).dense("fc", 4).dense("fc", 2).build());
  }

  @Test
  void forward_inputWithoutBatchDimension_explainsFix() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> smallCnn(1).forward(TestData.uniform(1, 1, 8, 8).reshape(1, 8, 8), false));
    assertTrue(e.getMessage().contains("batch"), e.getMessage());
  }

  @Test
  void parameters_haveDottedNamesInLayerOrder() {
    assertEquals(
        List.of("conv1.weight", "conv1.bias", "fc1.weight", "fc1.bias"),
        List.copyOf(smallCnn(1).parameters().keySet()));
  }

  @Test
  void parameter_unknownName_listsTheNames() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> smallCnn(1).parameter("fc2.weight"));
    assertTrue(e.getMessage().contains("fc1.weight"), e.getMessage());
  }

  @Test
  void paramCountAndFlops_addUpOverLayers() {
    Sequential m = Sequential.builder(4).dense("fc1", 3).relu("r").dense("fc2", 2).build();
    // (4·3 + 3) + (3·2 + 2) = 23 params ; FLOPs (2·12 + 3) + 3 + (2·6 + 2) = 44
    assertEquals(23, m.paramCount());
    assertEquals(44, m.flops());
  }

  @Test
  void summary_hasOneRowPerLayer() {
    Table t = smallCnn(1).summary();
    assertEquals(6, t.rowCount());
    assertEquals(List.of("layer", "type", "output shape", "params", "FLOPs"), t.columnNames());
    assertEquals("[4, 8, 8]", t.stringColumn("output shape").get(0));
  }

  @Test
  void toString_printsTheTree() {
    String s = smallCnn(1).toString();
    assertTrue(s.startsWith("Sequential("), s);
    assertTrue(s.contains("(conv1): Conv2d(1 → 4, 3x3, padding 1)  → [4, 8, 8], 40 params"), s);
    assertTrue(s.contains("(fc1): Dense(64 → 3)"), s);
  }

  @Test
  void sameSeed_sameWeights_otherSeed_otherWeights() {
    INDArray a = smallCnn(5).parameter("conv1.weight").value();
    assertEquals(a, smallCnn(5).parameter("conv1.weight").value());
    assertNotEquals(a, smallCnn(6).parameter("conv1.weight").value());
  }

  @Test
  void architectureJson_roundTrip_rebuildsTheSameModel() {
    Sequential m = smallCnn(3);
    String json = m.architectureJson();
    assertTrue(json.contains("\"type\": \"conv2d\""), json);
    Sequential back = Sequential.fromArchitectureJson(json, 3);
    assertEquals(json, back.architectureJson());
    assertEquals(m.toString(), back.toString());
    // same seed → the builder's weights
    assertEquals(m.parameter("fc1.weight").value(), back.parameter("fc1.weight").value());
  }

  @Test
  void architectureJson_withBatchNormAndDropout_roundTrips() {
    Sequential m =
        Sequential.builder(1, 6, 6)
            .conv2d("conv1", 2, 3)
            .batchNorm("bn1")
            .relu("relu1")
            .flatten()
            .dropout("drop", 0.3)
            .dense("fc", 4)
            .batchNorm("bn2")
            .build();
    String json = m.architectureJson();
    assertEquals(json, Sequential.fromArchitectureJson(json, 9).architectureJson());
  }

  @Test
  void fromArchitectureJson_unknownType_listsKnownTypes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Sequential.fromArchitectureJson(
                    "{\"inputShape\":[4],\"layers\":[{\"type\":\"lstm\",\"name\":\"x\"}]}", 1));
    assertTrue(e.getMessage().contains("dense"), e.getMessage());
  }

  @Test
  void copy_isDeepAndPredictsTheSame() {
    Sequential m = smallCnn(2);
    Sequential c = m.copy();
    INDArray x = TestData.uniform(8, 5, 1, 8, 8);
    assertEquals(m.predict(x), c.predict(x));
    c.parameter("fc1.bias").value().addi(1);
    assertNotEquals(m.predict(x), c.predict(x));
  }

  @Test
  void predict_largeInput_matchesForwardInChunks() {
    Sequential m = Sequential.builder(1, 2, 2).flatten().dense("fc", 3).build();
    INDArray x = TestData.uniform(3, 2500, 1, 2, 2);
    INDArray all = m.predict(x);
    assertArrayEquals(new long[] {2500, 3}, all.shape());
    assertTrue(all.equalsWithEps(m.forward(x, false), 1e-6));
  }

  @Test
  void backward_returnsInputGradientOfInputShape() {
    Sequential m = smallCnn(1);
    INDArray x = TestData.uniform(1, 2, 1, 8, 8);
    m.forward(x, true);
    assertArrayEquals(x.shape(), m.backward(TestData.uniform(2, 2, 3)).shape());
  }
}
