package io.github.compressionlab.data;

import static org.junit.jupiter.api.Assertions.*;

import io.github.compressionlab.testing.TinyData;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DatasetTest {

  @Test
  void sizeClassesAndShape_describeTheData() {
    Dataset d = TinyData.numbered(10, 3);
    assertEquals(10, d.size());
    assertEquals(3, d.numClasses());
    assertArrayEquals(new long[] {1, 2, 2}, d.exampleShape());
  }

  @Test
  void numClasses_withoutNames_isMaxLabelPlusOne() {
    Dataset d = new Dataset("x", Nd4j.zeros(DataType.FLOAT, 3, 1, 2, 2), new int[] {0, 4, 2}, null);
    assertEquals(5, d.numClasses());
  }

  @Test
  void constructor_rejectsCountMismatch_withBothCounts() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Dataset("x", Nd4j.zeros(DataType.FLOAT, 3, 1, 2, 2), new int[] {0, 1}, null));
    assertTrue(e.getMessage().contains("3 images but 2 labels"), e.getMessage());
  }

  @Test
  void constructor_rejectsLabelOutsideClassNames() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Dataset(
                    "x",
                    Nd4j.zeros(DataType.FLOAT, 2, 1, 2, 2),
                    new int[] {0, 2},
                    List.of("a", "b")));
    assertTrue(e.getMessage().contains("label 2"), e.getMessage());
  }

  @Test
  void constructor_rejectsDoubleImages() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Dataset("x", Nd4j.zeros(DataType.DOUBLE, 1, 1, 2, 2), new int[] {0}, null));
  }

  @Test
  void subset_keepsContiguousRows() {
    Dataset s = TinyData.numbered(10, 3).subset(4, 7);
    assertEquals(3, s.size());
    // rows 4,5,6 -> labels 4%3=1, 5%3=2, 6%3=0; pixel = row/100
    assertArrayEquals(new int[] {1, 2, 0}, s.labels());
    assertEquals(0.05f, s.images().getFloat(1, 0, 1, 1), 1e-7);
  }

  @Test
  void subset_rejectsBadRange() {
    assertThrows(IllegalArgumentException.class, () -> TinyData.numbered(5, 2).subset(3, 6));
  }

  @Test
  void select_takesRowsInGivenOrder() {
    Dataset s = TinyData.numbered(10, 3).select(new int[] {9, 0, 9});
    assertArrayEquals(new long[] {3, 1, 2, 2}, s.images().shape());
    assertEquals(9, TinyData.rowOf(s.images().getFloat(0, 0, 0, 0)));
    assertEquals(0, TinyData.rowOf(s.images().getFloat(1, 0, 1, 0)));
    assertArrayEquals(new int[] {0, 0, 0}, s.labels()); // 9%3, 0%3, 9%3
  }

  @Test
  void select_ofSubsetView_readsTheRightRows() {
    Dataset s = TinyData.numbered(10, 3).subset(5, 10).select(new int[] {0, 4});
    assertEquals(5, TinyData.rowOf(s.images().getFloat(0, 0, 0, 0)));
    assertEquals(9, TinyData.rowOf(s.images().getFloat(1, 0, 0, 0)));
  }

  @Test
  void sample_isSeededDistinctAndSorted() {
    Dataset d = TinyData.numbered(50, 5);
    Dataset a = d.sample(20, 7);
    Dataset b = d.sample(20, 7);
    Dataset c = d.sample(20, 8);
    int[] rowsA = rows(a);
    assertArrayEquals(rowsA, rows(b));
    assertFalse(Arrays.equals(rowsA, rows(c)));
    assertEquals(20, Arrays.stream(rowsA).distinct().count());
    int[] sorted = rowsA.clone();
    Arrays.sort(sorted);
    assertArrayEquals(sorted, rowsA);
  }

  @Test
  void split_partitionsAllRows() {
    Split s = TinyData.numbered(100, 10).split(0.2, 3);
    assertEquals(80, s.train().size());
    assertEquals(20, s.validation().size());
    Set<Integer> all = new HashSet<>();
    for (int r : rows(s.train())) all.add(r);
    for (int r : rows(s.validation())) all.add(r);
    assertEquals(100, all.size());
  }

  @Test
  void split_rejectsFractionOutsideZeroOne() {
    assertThrows(IllegalArgumentException.class, () -> TinyData.numbered(10, 2).split(1.0, 1));
  }

  @Test
  void labelsOneHot_hasOneInLabelColumn() {
    INDArray oh = TinyData.numbered(4, 3).labelsOneHot();
    // labels 0,1,2,0
    float[][] expected = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}};
    assertEquals(DataType.FLOAT, oh.dataType());
    assertArrayEquals(new long[] {4, 3}, oh.shape());
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(expected[i], oh.getRow(i).toFloatVector());
    }
  }

  @Test
  void toString_isShortEvenForLargeSets() {
    assertTrue(TinyData.numbered(1000, 10).toString().length() < 100);
  }

  @Test
  void namedAndWithLabels_keepTheImagesAndCheckTheLabels() {
    Dataset d = TinyData.numbered(4, 3);
    Dataset n = d.named("renamed");
    assertEquals("renamed", n.name());
    assertSame(d.images(), n.images());
    assertArrayEquals(d.labels(), n.labels());

    int[] labels = {2, 2, 1, 0};
    Dataset relabelled = d.withLabels(labels, "by the teacher");
    labels[0] = 0;
    assertArrayEquals(new int[] {2, 2, 1, 0}, relabelled.labels(), "a copy of the labels");
    assertSame(d.images(), relabelled.images());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> d.withLabels(new int[3], "x"));
    assertTrue(e.getMessage().contains("one label per image"), e.getMessage());
  }

  static int[] rows(Dataset d) {
    int[] r = new int[d.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = TinyData.rowOf(d.images().getFloat(i, 0, 0, 0));
    }
    return r;
  }
}
