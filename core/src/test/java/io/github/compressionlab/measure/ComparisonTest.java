package io.github.compressionlab.measure;

import static org.junit.jupiter.api.Assertions.*;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.Dense;
import io.github.compressionlab.nn.Flatten;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.ModelPlan;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.testing.TinyData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;

class ComparisonTest {
  static final Comparison.LatencySettings FAST = new Comparison.LatencySettings(4, 0, 2);

  /** Always predicts class {@code c} of 2. */
  static InferenceModel constant(int c) {
    return new InferenceModel() {
      @Override
      public INDArray predict(INDArray x) {
        INDArray out = Nd4j.zeros(DataType.FLOAT, x.size(0), 2);
        out.getColumn(c).assign(1);
        return out;
      }

      @Override
      public long[] inputShape() {
        return new long[] {1, 2, 2};
      }

      @Override
      public int numClasses() {
        return 2;
      }

      @Override
      public ModelPlan plan() {
        return ModelPlan.lower(
            inputShape(),
            List.of(new Flatten.Config("flatten"), new Dense.Config("out", 4, 2, null)));
      }
    };
  }

  @Test
  void table_hasOneRowPerModel_withAccuracyAndRatiosAgainstFirst() {
    // numbered(10, 2): labels alternate 0,1 -> constant predictor scores 50%
    Dataset test = TinyData.numbered(10, 2);
    Comparison c = new Comparison(FAST);
    c.add("big", constant(0), 4000, 1000, 1000, test);
    c.add("small", constant(1), 1000, 1000, 250, test);
    Table t = c.table();
    assertEquals(2, t.rowCount());
    assertEquals(
        List.of(
            "model",
            "accuracy %",
            "params",
            "non-zero",
            "file KB",
            "batch-1 ms",
            "batch-4 ms",
            "Δ accuracy pts",
            "smaller ×",
            "faster × (batch 4)"),
        t.columnNames());
    assertEquals("small", t.stringColumn("model").get(1));
    assertEquals(50.0, t.doubleColumn("accuracy %").get(0));
    assertEquals(250L, t.longColumn("non-zero").get(1));
    assertEquals(1.0, t.doubleColumn("smaller ×").get(0));
    assertEquals(4.0, t.doubleColumn("smaller ×").get(1)); // 4000 / 1000 bytes
    assertEquals(0.0, t.doubleColumn("Δ accuracy pts").get(1));
    assertEquals(3.9, t.doubleColumn("file KB").get(0)); // 4000/1024 = 3.906 -> 3.9
  }

  @Test
  void against_givesEachRowsRatiosAgainstTheFirst() {
    // numbered(10, 2): labels alternate 0,1, so both constant predictors score 50%
    Dataset test = TinyData.numbered(10, 2);
    Comparison c = new Comparison(FAST);
    c.add("big", constant(0), 4000, 1000, 1000, test);
    c.add("small", constant(1), 1000, 1000, 250, test);
    Comparison.Against a = c.against(1);
    assertEquals("small", a.label());
    assertEquals("big", a.baseline());
    assertEquals(4.0, a.fewerConnections()); // 1000 / 250 non-zero
    assertEquals(4.0, a.smallerFile()); // 4000 / 1000 bytes
    assertEquals(0.0, a.accuracyPoints()); // 50% - 50%
    assertEquals(4, a.largeBatch());
    List<Comparison.Row> r = c.rows();
    assertEquals(r.get(0).batch1().medianMs() / r.get(1).batch1().medianMs(), a.fasterAtBatch1());
    assertEquals(
        r.get(0).batchN().medianMs() / r.get(1).batchN().medianMs(), a.fasterAtLargeBatch());
    Comparison.Against self = c.against(0);
    assertEquals(1.0, self.fewerConnections());
    assertEquals(1.0, self.fasterAtBatch1());
  }

  @Test
  void against_pointsOfAccuracy_andNaNForAZeroFigure() {
    // numbered(4, 2) has labels 0,1,0,1, so a constant predictor scores 50%
    Dataset test = TinyData.numbered(4, 2);
    Comparison c = new Comparison(FAST);
    c.add("half", constant(0), 100, 10, 10, test);
    c.add("empty", constant(1), 0, 10, 0, test);
    Comparison.Against a = c.against(1);
    assertTrue(Double.isNaN(a.fewerConnections()));
    assertTrue(Double.isNaN(a.smallerFile()));
    Comparison.Row base = c.rows().get(0);
    Comparison.Row better =
        new Comparison.Row("better", 0.75, 10, 5, 50, base.batch1(), base.batchN());
    Comparison.Against b = better.against(base);
    assertEquals(25.0, b.accuracyPoints(), 1e-9); // 75% - 50%
    assertEquals(2.0, b.fewerConnections()); // 10 / 5
    assertEquals(1.0, b.fasterAtBatch1()); // the same latency
  }

  @Test
  void against_rejectsARowThatDoesNotExist() {
    Comparison c = new Comparison(FAST).add("only", constant(0), 1, 1, 1, TinyData.numbered(4, 2));
    var e = assertThrows(IllegalArgumentException.class, () -> c.against(1));
    assertTrue(e.getMessage().contains("no row 1") && e.getMessage().contains("1 rows"));
    assertThrows(IllegalArgumentException.class, () -> c.against(-1));
    assertThrows(IllegalArgumentException.class, () -> c.rows().get(0).against(null));
  }

  @Test
  void add_sequential_measuresItsOwnStats() {
    Sequential m = Sequential.builder(1, 2, 2).flatten().dense("fc1", 2).seed(3).build();
    Comparison c = new Comparison(FAST).add("dense", m, TinyData.numbered(6, 2));
    Comparison.Row r = c.rows().get(0);
    assertEquals(10, r.params()); // 4x2 weights + 2 biases
    assertEquals(ModelStats.of(m).fileBytes(), r.fileBytes());
    assertEquals(1, r.batch1().batchSize());
    assertEquals(4, r.batchN().batchSize());
  }

  @Test
  void add_rejectsClassCountMismatch() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Comparison(FAST).add("m", constant(0), 1, 1, 1, TinyData.numbered(6, 3)));
    assertTrue(
        e.getMessage().contains("2 outputs") && e.getMessage().contains("3 classes"),
        e.getMessage());
  }
}
