package io.github.compressionlab.quant.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.testing.TestData;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class DeepCompressionTest {

  @Test
  void run_sharesFineTunesAndReportsBytes() {
    Sequential m =
        DeepCompressedFileTest.pruned(
            Sequential.builder(1, 4, 4)
                .seed(2)
                .flatten()
                .dense("fc1", 8)
                .relu("r")
                .dense("fc2", 2)
                .build(),
            0.5,
            3);
    DeepCompression.Result r =
        DeepCompression.builder()
            .sharing(WeightSharing.defaults().denseBits(2))
            .fineTuning(DeepCompression.DEFAULT_FINE_TUNING.toBuilder().epochs(2).seed(7).build())
            .build()
            .run(m, TestData.blobs(64, 2, 4, 1));
    assertEquals(2, r.history().size());
    assertEquals(4, r.layers().size()); // two weights, two biases
    float[] w = r.model().parameter("fc1.weight").value().dup('c').data().asFloat();
    Set<Float> distinct = new HashSet<>();
    long zeros = 0;
    for (float v : w) {
      if (v == 0f) {
        zeros++;
      } else {
        distinct.add(v);
      }
    }
    assertEquals(64, zeros); // half of 16·8 pruned, still zero
    assertTrue(distinct.size() <= 4);
    assertEquals(r.layers().get(0).nonZeros(), 64);
  }

  @Test
  void breakdown_hasOneRowPerParameterPlusTotal() {
    Sequential m =
        DeepCompressedFileTest.pruned(
            Sequential.builder(1, 8, 8).seed(2).flatten().dense("fc1", 40).build(), 0.9, 3);
    WeightSharing.defaults().denseBits(4).apply(m);
    Table t = DeepCompression.breakdown(m);
    assertEquals(3, t.rowCount());
    assertEquals("total", t.stringColumn("parameter").get(2));
    // 64·40 weights: dense 10,240 bytes; 256 non-zeros
    assertEquals(10_240, t.longColumn("dense f32 bytes").get(0));
    assertEquals(256, t.longColumn("non-zero").get(0));
    // CSR as the pruning package stores it: 5 bytes per entry (256, gaps < 40 columns so no
    // padding) + 4·(64 + 1) row pointers = 1,540
    assertEquals(1_540, t.longColumn("pruned CSR bytes").get(0));
    long huff = t.longColumn("Huffman bytes").get(0);
    assertTrue(huff < t.longColumn("pruned CSR bytes").get(0), "Huffman " + huff);
  }
}
