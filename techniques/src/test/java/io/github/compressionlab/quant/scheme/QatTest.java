package io.github.compressionlab.quant.scheme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.Adam;
import io.github.compressionlab.nn.Evaluation;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;
import io.github.compressionlab.nn.TrainingContext;
import io.github.compressionlab.nn.TrainingListener;
import io.github.compressionlab.quant.integer.QuantizedModel;
import io.github.compressionlab.testing.SmallCnn;
import io.github.compressionlab.testing.TestData;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class QatTest {
  @Test
  void listener_forwardSeesGridWeights_optimizerSeesFloatShadows() {
    Sequential m = SmallCnn.side(8).hidden(16).build(7);
    Dataset d = TestData.blobs(64, 3, 8, 11);
    float[][] seen = new float[2][];
    TrainingListener probe =
        new TrainingListener() {
          @Override
          public void onBatchStart(TrainingContext c) {
            seen[0] = c.model().parameter("fc1.weight").value().dup().data().asFloat();
          }

          @Override
          public void afterBackward(TrainingContext c) {
            seen[1] = c.model().parameter("fc1.weight").value().dup().data().asFloat();
          }
        };
    float[] before = m.parameter("fc1.weight").value().dup().data().asFloat();
    new Trainer(
            m,
            TrainingConfig.builder()
                .optimizer(new Adam(1e-3))
                .batchSize(64)
                .epochs(1)
                .listener(new QatListener(QuantScheme.weights(2)))
                .listener(probe)
                .build())
        .fit(d);
    // 2-bit symmetric has three levels per output column: {-s, 0, s}, so at most 3·16 values
    Set<Float> distinct = new HashSet<>();
    for (float v : seen[0]) {
      distinct.add(v);
    }
    assertTrue(distinct.size() <= 3 * 16, distinct.size() + " distinct forward weights");
    // after backward the float weights are back, untouched (one batch: the step comes after)
    assertArrayEquals(before, seen[1], 0f);
    // and training moved the float weights off the 2-bit grid
    Set<Float> after = new HashSet<>();
    for (float v : m.parameter("fc1.weight").value().dup().data().asFloat()) {
      after.add(v);
    }
    assertTrue(after.size() > 3 * 16);
  }

  @Test
  void fakeQuantInput_passesGradientInsideTheRangeOnly() {
    Sequential m = SmallCnn.side(8).hidden(16).build(7);
    var fc1 = (io.github.compressionlab.nn.Dense) m.layer("fc1");
    FakeQuantInput f = new FakeQuantInput(fc1, 8);
    INDArray x = TestData.uniform(1, 2, 64).muli(0.5).addi(0.5); // in [0, 1)
    f.forward(x, true); // sets the range [min, max] of x
    INDArray y = x.dup();
    y.putScalar(0, 5.0); // far outside the range seen
    f.forward(y, true);
    INDArray g = f.backward(org.nd4j.linalg.factory.Nd4j.ones(2, 16));
    // the range moved only 1% towards 5, so element 0 lies outside: zero gradient there
    assertEquals(0.0, g.getDouble(0, 0), 0);
    assertTrue(g.getDouble(0, 1) != 0);
  }

  @Test
  void qat_at2Bits_beatsPtqAt2Bits() {
    Dataset train = TestData.blobs(512, 4, 8, 5);
    Dataset test = TestData.blobs(256, 4, 8, 6);
    Sequential m =
        Sequential.builder(1, 8, 8)
            .seed(3)
            .flatten()
            .dense("fc1", 32)
            .relu("relu1")
            .dense("fc2", 4)
            .build();
    new Trainer(m, TrainingConfig.builder().optimizer(new Adam(1e-2)).epochs(3).seed(1).build())
        .fit(train);
    QuantScheme s = QuantScheme.weights(2);
    var calib = train.subset(0, 128);
    double ptq =
        Evaluation.of(QuantizedModel.quantize(m, s, Calibrator.minMax().calibrate(m, calib)), test)
            .accuracy();
    Sequential tuned =
        Qat.fineTune(m, train, Qat.Settings.of(s).withEpochs(3).withLearningRate(3e-3), false);
    double qat =
        Evaluation.of(
                QuantizedModel.quantize(tuned, s, Calibrator.minMax().calibrate(tuned, calib)),
                test)
            .accuracy();
    assertTrue(qat >= ptq, "QAT " + qat + " vs PTQ " + ptq);
    assertTrue(qat > 0.9, "QAT accuracy " + qat);
  }

  @Test
  void settings_rejectBadValues() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Qat.Settings(QuantScheme.weights(4), 1, TrainingConfig.defaults()));
    assertThrows(
        IllegalArgumentException.class, () -> new Qat.Settings(QuantScheme.weights(4), 8, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> Qat.Settings.of(QuantScheme.weights(4)).withEpochs(0));
  }
}
