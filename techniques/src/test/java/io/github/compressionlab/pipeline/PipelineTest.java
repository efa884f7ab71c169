package io.github.compressionlab.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.distill.Kd;
import io.github.compressionlab.nn.Adam;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;
import io.github.compressionlab.quant.integer.QuantizedModel;
import io.github.compressionlab.testing.SmallCnn;
import io.github.compressionlab.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
  private static Dataset train;
  private static Dataset test;
  private static Sequential teacher;

  private static Sequential cnn(long seed, int c1, int c2) {
    return SmallCnn.side(12).filters(c1).conv2(c2).hidden(16).classes(4).build(seed);
  }

  @BeforeAll
  static void trainTeacher() {
    train = TestData.blobs(512, 4, 12, 1);
    test = TestData.blobs(256, 4, 12, 2);
    teacher = cnn(3, 8, 16);
    new Trainer(
            teacher,
            TrainingConfig.builder()
                .optimizer(new Adam(3e-3))
                .epochs(3)
                .batchSize(32)
                .seed(4)
                .build())
        .fit(train);
  }

  /** Hard labels only: α = 1 (T is then unused). */
  private static final Kd HARD = new Kd(1, 1);

  private Pipeline.Builder base(Path dir) {
    return Pipeline.builder().train(train).test(test).seed(9).directory(dir).latency(1, 3);
  }

  @Test
  void chainOfSteps_measuresEachAndShrinksTheFile(@TempDir Path dir) throws Exception {
    Pipeline.Result r =
        base(dir)
            .step(Steps.distill(seed -> cnn(seed, 4, 8), new Kd(0.5, 2), 10))
            .step(Steps.pruneUnits(0.25, 1, new Kd(0.5, 2), "conv2"))
            .step(Steps.pruneWeights(0.5, 2, new Kd(0.5, 2)))
            .step(Steps.quantize(8, 0))
            .build()
            .run("teacher", teacher);
    assertEquals(5, r.rows().size());
    assertEquals(1, r.first().accuracy(), 0.05, "the teacher learns the bands");
    // conv2 loses a quarter of its 8 filters: 6 remain.
    Sequential pruned = r.rows().get(2).artifact().trainable();
    assertEquals(6, pruned.parameter("conv2.bias").value().length());
    // About half the weights of the weight-pruned model are zero (biases are not pruned).
    Pipeline.Row sparse = r.rows().get(3);
    assertTrue(sparse.nonZeros() < 0.6 * sparse.params(), sparse.toString());
    assertInstanceOf(QuantizedModel.class, r.model());
    assertNull(r.last().artifact().trainable());
    // every step wrote its own file, and each is smaller than the teacher's
    for (Pipeline.Row row : r.rows()) {
      assertTrue(Files.exists(row.artifact().file()), row.step());
      assertEquals(Files.size(row.artifact().file()), row.fileBytes());
    }
    // 3.6k teacher parameters → 1.4k int8 ones; the files' JSON headers are a good part of it
    assertTrue(r.sizeRatio() > 2.5, "x smaller: " + r.sizeRatio());
    // far above the 25% of guessing (the bench measures the real figures on Fashion-MNIST)
    assertTrue(r.last().accuracy() > 0.6, "accuracy after compression: " + r.last().accuracy());
    assertEquals(5, r.table().rowCount());
    assertEquals(4, r.withoutVsWith().rowCount());
    // the teacher itself is untouched
    assertEquals(8, teacher.parameter("conv1.bias").value().length());
  }

  @Test
  void deepCompression_afterPruning_writesASmallerFileThatReadsBack(@TempDir Path dir) {
    Pipeline.Result r =
        base(dir)
            .step(Steps.pruneWeights(0.7, 2, HARD))
            .step(Steps.deepCompress(4, 4, 1))
            .build()
            .run("teacher", teacher);
    Pipeline.Row sparse = r.rows().get(1);
    Pipeline.Row deep = r.last();
    assertTrue(r.last().artifact().file().toString().endsWith(".cldc"));
    assertTrue(
        deep.fileBytes() < sparse.fileBytes(), deep.fileBytes() + " vs " + sparse.fileBytes());
    // pruned weights stay pruned through sharing and the file
    assertEquals(sparse.nonZeros(), deep.nonZeros(), 0.02 * sparse.params());
    assertTrue(deep.accuracy() > 0.6, "accuracy " + deep.accuracy());
    // a step that trains after one that stored integer codes is refused when the pipeline is built
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                base(dir)
                    .step(Steps.deepCompress(4, 4, 0))
                    .step(Steps.pruneWeights(0.5, 1, HARD))
                    .build());
    assertTrue(e.getMessage().contains("last"), e.getMessage());
  }

  @Test
  void floatMath_runsTheSameInt8FileOnTheFloatEngines(@TempDir Path dir) {
    Pipeline.Result r =
        base(dir)
            .step(Steps.quantize(8, 0))
            .step(Steps.floatMath())
            .build()
            .run("teacher", teacher);
    Pipeline.Row int8 = r.byTechnique("quantization");
    Pipeline.Row floatMath = r.last();
    assertEquals(Steps.WEIGHT_ONLY, floatMath.technique());
    // the same file, so the same bytes and the same parameters
    assertEquals(int8.artifact().file(), floatMath.artifact().file());
    assertEquals(int8.fileBytes(), floatMath.fileBytes());
    assertEquals(int8.params(), floatMath.params());
    assertEquals("int8", floatMath.format());
    // a float model now, run by a float engine, still nothing to train
    assertInstanceOf(Sequential.class, r.model());
    assertNull(floatMath.artifact().trainable());
    assertTrue(
        floatMath.engine().label().equals("ND4J")
            || floatMath.engine().label().equals("plain Java"),
        floatMath.engine().label());
    // only the activations' rounding differs from the integer engine
    assertEquals(int8.accuracy(), floatMath.accuracy(), 0.03);
  }

  @Test
  void floatMath_needsAnInt8FileBeforeIt(@TempDir Path dir) {
    IllegalArgumentException first =
        assertThrows(
            IllegalArgumentException.class, () -> base(dir).step(Steps.floatMath()).build());
    assertTrue(first.getMessage().contains("step 1 ('same file, float math')"), first.getMessage());
    Pipeline p = base(dir).step(Steps.deepCompress(4, 4, 0)).step(Steps.floatMath()).build();
    PipelineException e = assertThrows(PipelineException.class, () -> p.run("teacher", teacher));
    assertTrue(e.getMessage().contains("Steps.quantize"), e.getMessage());
  }

  @Test
  void quantizingTwice_isRefusedBeforeAnythingRuns(@TempDir Path dir) {
    Pipeline.Builder b = base(dir).step(Steps.quantize(8, 0)).step(Steps.quantize(4, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertTrue(e.getMessage().contains("step 2 ('int4 PTQ')"), e.getMessage());
    assertTrue(e.getMessage().contains("'int8 PTQ'"), e.getMessage());
    assertTrue(e.getMessage().contains("last"), e.getMessage());
  }

  @Test
  void aFailingStep_keepsTheEarlierResults(@TempDir Path dir) {
    Pipeline p = base(dir).step(Steps.pruneUnits(0.5, 0, HARD, "conv3")).build();
    PipelineException e = assertThrows(PipelineException.class, () -> p.run("teacher", teacher));
    assertEquals(1, e.partial().rows().size());
    assertTrue(Files.exists(e.partial().last().artifact().file()));
  }

  @Test
  void pruningALayerThatIsGone_saysWhichLayersExist(@TempDir Path dir) {
    Pipeline p = base(dir).step(Steps.pruneUnits(0.5, 0, HARD, "conv3")).build();
    PipelineException e = assertThrows(PipelineException.class, () -> p.run("teacher", teacher));
    assertTrue(e.getMessage().contains("conv3"), e.getMessage());
    assertTrue(e.getMessage().contains("conv2"), e.getMessage());
    assertEquals(1, e.partial().rows().size());
  }

  @Test
  void unitsAfterWeightPruning_isRefused(@TempDir Path dir) {
    Pipeline.Builder b =
        base(dir).step(Steps.pruneWeights(0.5, 1, HARD)).step(Steps.pruneUnits(0.5, 0, HARD));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertTrue(e.getMessage().contains("before pruning weights"), e.getMessage());
  }

  @Test
  void badSettings_areRejectedWhenTheStepIsMade() {
    assertThrows(IllegalArgumentException.class, () -> Steps.pruneWeights(1.0, 1, HARD));
    assertThrows(IllegalArgumentException.class, () -> Steps.pruneUnits(0, 1, HARD));
    assertThrows(IllegalArgumentException.class, () -> Steps.quantize(1, 0));
    assertThrows(IllegalArgumentException.class, () -> Steps.distill(s -> null, HARD, 0));
    assertThrows(NullPointerException.class, () -> Steps.fineTune(1, null));
    assertThrows(IllegalStateException.class, () -> Pipeline.builder().build());
  }
}
