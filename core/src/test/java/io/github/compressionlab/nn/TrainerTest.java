package io.github.compressionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.testing.SmallCnn;
import io.github.compressionlab.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class TrainerTest {
  private static final Dataset TRAIN = TestData.blobs(600, 3, 6, 1);
  private static final Dataset VALID = TestData.blobs(200, 3, 6, 2);

  private static Sequential mlp(long seed) {
    return Sequential.builder(1, 6, 6)
        .seed(seed)
        .flatten()
        .dense("fc1", 16)
        .relu("relu1")
        .dropout("drop1", 0.1)
        .dense("fc2", 3)
        .build();
  }

  private static Sequential cnn(long seed) {
    return SmallCnn.side(6).build(seed);
  }

  @Test
  void fit_mlpOnSyntheticBands_lossDropsAndAccuracyIsHigh() {
    Sequential m = mlp(1);
    History h =
        new Trainer(
                m,
                TrainingConfig.builder()
                    .optimizer(new Adam(1e-2))
                    .epochs(5)
                    .batchSize(32)
                    .seed(3)
                    .validation(VALID)
                    .build())
            .fit(TRAIN);
    assertEquals(5, h.size());
    assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss() * 0.5, h.toString());
    assertTrue(h.last().validationAccuracy() > 0.95, h.toString());
    assertTrue(Evaluation.of(m, VALID).accuracy() > 0.95);
  }

  @Test
  void fit_cnnWithSgdMomentum_learns() {
    Sequential m = cnn(1);
    History h =
        new Trainer(
                m,
                TrainingConfig.builder()
                    .optimizer(new Sgd(0.05, 0.9))
                    .epochs(4)
                    .batchSize(32)
                    .seed(3)
                    .build())
            .fit(TRAIN);
    assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss(), h.toString());
    assertTrue(Evaluation.of(m, VALID).accuracy() > 0.9);
  }

  @Test
  void fit_sameSeed_givesIdenticalWeights() {
    Map<String, Parameter> a = trainTwice(7).get(0);
    Map<String, Parameter> b = trainTwice(7).get(1);
    for (String name : a.keySet()) {
      assertEquals(a.get(name).value(), b.get(name).value(), name);
    }
  }

  private static List<Map<String, Parameter>> trainTwice(long seed) {
    List<Map<String, Parameter>> result = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      Sequential m = cnn(seed);
      new Trainer(m, TrainingConfig.builder().epochs(2).batchSize(50).seed(seed).build())
          .fit(TRAIN);
      result.add(m.parameters());
    }
    return result;
  }

  @Test
  void fit_hugeLearningRate_throwsNamingEpochBatchAndFix() {
    Sequential m = mlp(1);
    m.parameter("fc2.weight").value().muli(1e30f);
    TrainingDivergedException e =
        assertThrows(
            TrainingDivergedException.class,
            () ->
                new Trainer(
                        m,
                        TrainingConfig.builder()
                            .optimizer(new Sgd(1e30))
                            .epochs(2)
                            .batchSize(32)
                            .build())
                    .fit(TRAIN));
    String msg = e.getMessage();
    assertTrue(
        msg.contains("epoch 1") && msg.contains("batch") && msg.contains("lower the learning rate"),
        msg);
  }

  @Test
  void batchSizeZero_isRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> TrainingConfig.builder().batchSize(0).build());
    assertTrue(e.getMessage().contains("batch size"), e.getMessage());
  }

  @Test
  void listeners_areCalledInTheDocumentedOrder() {
    List<String> calls = new ArrayList<>();
    TrainingListener recorder =
        new TrainingListener() {
          @Override
          public void onFitStart(TrainingContext c) {
            calls.add("fitStart");
          }

          @Override
          public void onEpochStart(TrainingContext c) {
            calls.add("epochStart" + c.epoch());
          }

          @Override
          public void onBatchStart(TrainingContext c) {
            calls.add("batchStart" + c.batchIndex());
          }

          @Override
          public void afterBackward(TrainingContext c) {
            calls.add("afterBackward");
          }

          @Override
          public void afterOptimizerStep(TrainingContext c) {
            calls.add("afterStep");
          }

          @Override
          public void onBatchEnd(TrainingContext c) {
            calls.add("batchEnd" + (Double.isFinite(c.loss()) ? "" : "NaN"));
          }

          @Override
          public void onEpochEnd(TrainingContext c) {
            calls.add("epochEnd" + c.history().size());
          }

          @Override
          public void onFitEnd(TrainingContext c) {
            calls.add("fitEnd");
          }
        };
    Dataset tiny = TRAIN.subset(0, 4);
    new Trainer(mlp(1), TrainingConfig.builder().epochs(1).batchSize(2).listener(recorder).build())
        .fit(tiny);
    assertEquals(
        List.of(
            "fitStart",
            "epochStart0",
            "batchStart0",
            "afterBackward",
            "afterStep",
            "batchEnd",
            "batchStart1",
            "afterBackward",
            "afterStep",
            "batchEnd",
            "epochEnd1",
            "fitEnd"),
        calls);
  }

  @Test
  void listener_canMaskGradientsAfterBackward() {
    Sequential m = mlp(1);
    INDArray before = m.parameter("fc1.weight").value().dup();
    TrainingListener freeze =
        new TrainingListener() {
          @Override
          public void afterBackward(TrainingContext c) {
            c.model().parameter("fc1.weight").grad().assign(0);
          }
        };
    new Trainer(m, TrainingConfig.builder().optimizer(new Sgd(0.1)).listener(freeze).build())
        .fit(TRAIN.subset(0, 64));
    assertEquals(before, m.parameter("fc1.weight").value());
  }

  @Test
  void progressListener_writesOneUpdatingLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    new Trainer(
            mlp(1),
            TrainingConfig.builder()
                .epochs(2)
                .listener(new ProgressListener(() -> new TextProgressSink(out)))
                .build())
        .fit(TRAIN.subset(0, 64));
    String s = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(s.contains("\r") && s.contains("epoch 2") && s.contains("done"), s);
    assertEquals(2, s.split("\n").length, s);
  }

  @Test
  void progressSink_factory_isUsedByDefaultAndCanBeRestored() {
    List<String> lines = new ArrayList<>();
    ProgressSink.setFactory(
        () ->
            new ProgressSink() {
              @Override
              public void start(String title) {
                lines.add("start");
              }

              @Override
              public void update(String line, double fraction) {}

              @Override
              public void finish(String line) {
                lines.add("finish");
              }
            });
    try {
      new Trainer(mlp(1), TrainingConfig.builder().showProgress().build()).fit(TRAIN.subset(0, 64));
    } finally {
      ProgressSink.setFactory(null);
    }
    assertEquals(List.of("start", "finish"), lines);
    assertTrue(ProgressSink.create() instanceof TextProgressSink);
  }

  @Test
  void textBar_fillsInProportion() {
    // 20 cells: a quarter is 5 '=' then the '>' head
    assertEquals("[=====>              ]", TextProgressSink.bar(0.25));
    assertEquals("[====================]", TextProgressSink.bar(1.0));
  }

  @Test
  void history_toTable_hasOneRowPerEpoch() {
    History h =
        new Trainer(mlp(1), TrainingConfig.builder().epochs(2).build()).fit(TRAIN.subset(0, 64));
    assertEquals(2, h.toTable().rowCount());
    assertTrue(Double.isNaN(h.last().validationAccuracy()));
  }
}
