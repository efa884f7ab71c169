package io.github.compressionlab.nas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.nn.Sequential;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class SearchSpaceTest {
  private final SearchSpace space = NasFixtures.smallSpace();

  @Test
  void build_twoBlocksWithPoolingAndDense_hasExpectedShapesAndCounts() {
    // conv 8@3x3 same → 8x28x28, pool → 8x14x14; conv 16@5x5 same → 16x14x14, pool → 16x7x7;
    // flatten 784 → dropout → fc1 32 → relu → dropout → out 10.
    Architecture a =
        new Architecture(
            List.of(new ConvBlock(8, 3, Pooling.MAX), new ConvBlock(16, 5, Pooling.MAX)),
            List.of(32),
            0.2);
    Sequential m = space.build(a, 1);
    assertArrayEquals(new long[] {10}, m.outputShape());
    assertArrayEquals(new long[] {16, 7, 7}, m.layer("pool2").outputShape(new long[] {16, 14, 14}));
    // params: conv1 1*8*9+8 = 80; conv2 8*16*25+16 = 3216; fc1 784*32+32 = 25120; out 330.
    assertEquals(80 + 3216 + 25120 + 330, m.paramCount());
    assertEquals(m.paramCount(), space.params(a));
    assertEquals(m.flops(), space.flops(a));
    assertEquals(
        List.of(
            "conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten", "fc1", "fc1relu",
            "drop1", "out"),
        m.layers().stream().map(l -> l.name()).toList());
    var logits = m.forward(Nd4j.zeros(DataType.FLOAT, 2, 1, 28, 28), false);
    assertArrayEquals(new long[] {2, 10}, logits.shape());
  }

  @Test
  void counts_matchBuiltModels_forRandomArchitectures() {
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 20; i++) {
      Architecture a = space.sample(r);
      Sequential m = space.build(a, i);
      assertEquals(m.paramCount(), space.params(a), a.toString());
      assertEquals(m.flops(), space.flops(a), a.toString());
    }
  }

  @Test
  void build_noConvBlocks_isAnMlp() {
    SearchSpace mlp =
        SearchSpace.builder(1, 28, 28).convBlocks(0).denseLayers(1).denseWidths(20).build();
    Architecture a = new Architecture(List.of(), List.of(20), 0.0);
    // 784*20+20 = 15700; 20*10+10 = 210.
    assertEquals(15_910, mlp.build(a, 0).paramCount());
    assertEquals(1, mlp.size());
  }

  @Test
  void size_countsEveryCombination() {
    // per block 3 widths × 2 kernels × 2 poolings = 12; blocks 1..3 → 12 + 144 + 1728 = 1884;
    // dense: 0 layers (1) + 1 layer (2 widths) = 3; dropout 2 → 1884 × 3 × 2 = 11,304.
    assertEquals(11_304, space.size());
  }

  @Test
  void architecture_roundTripsThroughJson() {
    Architecture a =
        new Architecture(List.of(new ConvBlock(8, 5, Pooling.NONE)), List.of(16, 32), 0.25);
    String json = a.toJson();
    assertEquals(a, Architecture.fromJson(json));
    assertTrue(json.contains("\"pooling\":\"NONE\""), json);
    assertEquals("conv[8k5] dense[16 32] drop 0.25", a.toString());
  }

  @Test
  void emptySpace_isRefusedWithTheMissingChoices() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SearchSpace.builder(1, 28, 28).convBlocks(1).denseLayers(0).build());
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
    assertTrue(e.getMessage().contains("convWidths"), e.getMessage());
    var none =
        assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder(1, 28, 28).build());
    assertTrue(none.getMessage().contains("convBlocks"), none.getMessage());
  }

  @Test
  void impossibleConstraints_areRefusedWithTheSmallestCost() {
    // The cheapest architecture is three pooled 4-wide 3x3 blocks (28 → 14 → 7 → 3), no dense:
    // conv1 1*4*9+4 = 40, conv2 and conv3 4*4*9+4 = 148 each, out 4*3*3*10+10 = 370 → 706.
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> space.withConstraints(Constraints.none().withMaxParams(700)));
    assertTrue(e.getMessage().contains("no architecture"), e.getMessage());
    assertTrue(e.getMessage().contains("params <= 700"), e.getMessage());
    assertTrue(e.getMessage().contains("706 params"), e.getMessage());
    // 706 is allowed: exactly one architecture (with dropout 0 or 0.2: two) meets it.
    assertEquals(2, space.withConstraints(Constraints.none().withMaxParams(706)).feasibleSize());
  }

  @Test
  void sample_meetsConstraints() {
    SearchSpace small = space.withConstraints(Constraints.none().withMaxParams(12_000));
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 200; i++) {
      Architecture a = small.sample(r);
      assertTrue(small.params(a) <= 12_000, a + " has " + small.params(a));
      assertTrue(small.contains(a));
    }
  }

  @Test
  void mutate_changesExactlyOneDecision() {
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 200; i++) {
      Architecture parent = space.sample(r);
      Architecture child = space.mutate(parent, r);
      assertNotEquals(parent, child);
      assertTrue(space.contains(child));
      assertEquals(1, decisionsChanged(parent, child), parent + " → " + child);
    }
  }

  /** Counts changed decisions; a changed block or layer count counts as one. */
  static int decisionsChanged(Architecture a, Architecture b) {
    int n = 0;
    if (a.convBlocks().size() != b.convBlocks().size()) {
      n++;
    }
    for (int i = 0; i < Math.min(a.convBlocks().size(), b.convBlocks().size()); i++) {
      ConvBlock x = a.convBlocks().get(i);
      ConvBlock y = b.convBlocks().get(i);
      n += (x.width() != y.width() ? 1 : 0) + (x.kernel() != y.kernel() ? 1 : 0);
      n += x.pooling() != y.pooling() ? 1 : 0;
    }
    if (a.denseWidths().size() != b.denseWidths().size()) {
      n++;
    }
    for (int j = 0; j < Math.min(a.denseWidths().size(), b.denseWidths().size()); j++) {
      n += a.denseWidths().get(j).equals(b.denseWidths().get(j)) ? 0 : 1;
    }
    return n + (a.dropout() != b.dropout() ? 1 : 0);
  }
}
