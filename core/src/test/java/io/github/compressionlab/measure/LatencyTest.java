package io.github.compressionlab.measure;

import static org.junit.jupiter.api.Assertions.*;

import io.github.compressionlab.nn.Dense;
import io.github.compressionlab.nn.Flatten;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.ModelPlan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LatencyTest {

  /** Records the shape of every batch it is asked to predict; answers zeros. */
  static final class Recorder implements InferenceModel {
    final List<long[]> calls = new ArrayList<>();

    @Override
    public INDArray predict(INDArray x) {
      calls.add(x.shape());
      return Nd4j.zeros(DataType.FLOAT, x.size(0), 2);
    }

    @Override
    public long[] inputShape() {
      return new long[] {1, 3, 3};
    }

    @Override
    public int numClasses() {
      return 2;
    }

    @Override
    public ModelPlan plan() {
      return ModelPlan.lower(
          inputShape(),
          List.of(new Flatten.Config("flatten"), new Dense.Config("out", 9, 2, null)));
    }
  }

  @Test
  void measure_callsWarmupPlusRepeats_withBatchOfInputShape() {
    Recorder r = new Recorder();
    LatencyResult res = Latency.measure(r, 8, 3, 7);
    assertEquals(10, r.calls.size());
    assertArrayEquals(new long[] {8, 1, 3, 3}, r.calls.get(0));
    assertEquals(8, res.batchSize());
    assertEquals(7, res.repeats());
    assertTrue(res.medianMs() >= 0);
    assertTrue(res.p90Ms() >= res.medianMs());
  }

  @Test
  void percentile_isNearestRank() {
    double[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertEquals(5, Latency.percentile(ten, 50)); // ceil(0.5*10) = rank 5
    assertEquals(9, Latency.percentile(ten, 90)); // ceil(0.9*10) = rank 9
    assertEquals(1, Latency.percentile(new double[] {1}, 90));
    assertEquals(2, Latency.percentile(new double[] {1, 2, 3}, 50)); // ceil(1.5) = rank 2
  }

  @Test
  void input_isSeededAndInUnitRange() {
    INDArray a = Latency.input(new long[] {2, 2}, 3, 9);
    assertEquals(a, Latency.input(new long[] {2, 2}, 3, 9));
    assertArrayEquals(new long[] {3, 2, 2}, a.shape());
    assertTrue(a.minNumber().doubleValue() >= 0 && a.maxNumber().doubleValue() < 1);
  }

  @Test
  void measure_rejectsZeroRepeats() {
    assertThrows(IllegalArgumentException.class, () -> Latency.measure(new Recorder(), 1, 0, 0));
  }

  @Test
  void result_derivedFigures() {
    LatencyResult r = new LatencyResult(64, 8.0, 10.0, 20);
    assertEquals(0.125, r.perExampleMs()); // 8 ms / 64
    assertEquals(8000.0, r.throughput()); // 64 examples per 8 ms
  }
}
