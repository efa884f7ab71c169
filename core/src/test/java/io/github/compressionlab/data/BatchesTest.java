package io.github.compressionlab.data;

import static org.junit.jupiter.api.Assertions.*;

import io.github.compressionlab.testing.TinyData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {

  @Test
  void count_roundsUp_andLastBatchHoldsRemainder() {
    // 10 rows, batches of 4 -> 4 + 4 + 2
    Batches b = new Batches(TinyData.numbered(10, 3), 4, false, 0);
    assertEquals(3, b.count());
    List<Integer> sizes = new ArrayList<>();
    for (Batch batch : b) sizes.add(batch.size());
    assertEquals(List.of(4, 4, 2), sizes);
  }

  @Test
  void unshuffled_visitsRowsInOrder_withMatchingFeaturesAndLabels() {
    Batches b = new Batches(TinyData.numbered(10, 3), 4, false, 0);
    Batch second = nth(b.epoch(0), 1);
    assertArrayEquals(new int[] {4, 5, 6, 7}, second.indices());
    assertArrayEquals(new int[] {1, 2, 0, 1}, second.labels()); // i % 3
    assertArrayEquals(new long[] {4, 1, 2, 2}, second.features().shape());
    assertEquals(6, TinyData.rowOf(second.features().getFloat(2, 0, 1, 1)));
    // row 6 has label 6 % 3 = 0
    assertArrayEquals(new float[] {1, 0, 0}, second.labelsOneHot().getRow(2).toFloatVector());
  }

  @Test
  void shuffled_eachEpochIsAPermutation_featuresFollowIndices() {
    Batches b = new Batches(TinyData.numbered(23, 5), 5, true, 42);
    List<Integer> seen = new ArrayList<>();
    for (Batch batch : b.epoch(3)) {
      for (int i = 0; i < batch.size(); i++) {
        int row = batch.indices()[i];
        seen.add(row);
        assertEquals(row, TinyData.rowOf(batch.features().getFloat(i, 0, 0, 0)));
        assertEquals(row % 5, batch.labels()[i]);
      }
    }
    List<Integer> sorted = new ArrayList<>(seen);
    sorted.sort(null);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 23; i++) expected.add(i);
    assertEquals(expected, sorted);
  }

  @Test
  void shuffled_sameSeedAndEpoch_sameOrder_otherEpochOrSeed_differs() {
    Batches a = new Batches(TinyData.numbered(50, 5), 8, true, 1);
    Batches b = new Batches(TinyData.numbered(50, 5), 8, true, 1);
    Batches c = new Batches(TinyData.numbered(50, 5), 8, true, 2);
    assertArrayEquals(a.order(0), b.order(0));
    assertFalse(Arrays.equals(a.order(0), a.order(1)));
    assertFalse(Arrays.equals(a.order(0), c.order(0)));
    // iterator() is epoch 0
    assertArrayEquals(a.iterator().next().indices(), nth(a.epoch(0), 0).indices());
  }

  @Test
  void constructor_rejectsBatchSizeZero() {
    assertThrows(
        IllegalArgumentException.class, () -> new Batches(TinyData.numbered(3, 2), 0, false, 0));
  }

  @Test
  void worksOnSubsetViews() {
    Batches b = new Batches(TinyData.numbered(10, 3).subset(2, 8), 10, false, 0);
    Batch only = b.iterator().next();
    assertEquals(6, only.size());
    assertEquals(7, TinyData.rowOf(only.features().getFloat(5, 0, 0, 0)));
  }

  @Test
  void worksOnDatasetWhoseImagesAreAnOffsetView() {
    Dataset all = TinyData.numbered(10, 3);
    // rows 3..6 as a view sharing the buffer at an offset
    Dataset view =
        new Dataset(
            "view",
            all.images().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 7)),
            new int[] {0, 1, 2, 0},
            all.classNames());
    Batch b = new Batches(view, 4, false, 0).iterator().next();
    assertEquals(3, TinyData.rowOf(b.features().getFloat(0, 0, 0, 0)));
    assertEquals(6, TinyData.rowOf(b.features().getFloat(3, 0, 1, 1)));
  }

  private static Batch nth(Iterable<Batch> batches, int n) {
    int i = 0;
    for (Batch b : batches) {
      if (i++ == n) return b;
    }
    throw new AssertionError("fewer than " + (n + 1) + " batches");
  }
}
