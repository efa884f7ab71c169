package io.github.compressionlab.quant.integer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.measure.MultiplyAdds;
import io.github.compressionlab.nn.Conv2d;
import io.github.compressionlab.nn.Dense;
import io.github.compressionlab.nn.Engine;
import io.github.compressionlab.nn.Engines;
import io.github.compressionlab.nn.Layer;
import io.github.compressionlab.nn.ModelPlan;
import io.github.compressionlab.nn.PlanNode;
import io.github.compressionlab.nn.QuantizedWeights;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.quant.scheme.ActivationRanges;
import io.github.compressionlab.quant.scheme.Calibrator;
import io.github.compressionlab.quant.scheme.FakeQuant;
import io.github.compressionlab.quant.scheme.QuantParams;
import io.github.compressionlab.quant.scheme.QuantScheme;
import io.github.compressionlab.quant.scheme.Range;
import io.github.compressionlab.testing.SmallCnn;
import io.github.compressionlab.testing.TestData;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class QuantizedModelTest {
  @TempDir Path dir;

  static Sequential smallCnn() {
    return SmallCnn.side(8).hidden(16).build(7);
  }

  static Dataset data() {
    return TestData.blobs(64, 3, 8, 11);
  }

  @Test
  void dense_handFixture_matchesIntegerArithmetic() {
    // Dense 2 → 1, W = [[1], [-0.5]], b = 0.25; input range [0, 1]
    Sequential m = Sequential.builder(2).dense("fc", 1).build();
    m.parameter("fc.weight").setValue(Nd4j.create(new float[] {1f, -0.5f}, new long[] {2, 1}, 'c'));
    m.parameter("fc.bias").setValue(Nd4j.create(new float[] {0.25f}, new long[] {1}, 'c'));
    var ranges = new ActivationRanges("fixed", Map.of("fc", new Range(0, 1)));
    QuantizedModel q = QuantizedModel.quantize(m, QuantScheme.weights(8), ranges);
    // input grid: scale 1/255, zero point 0 - 128 = -128 (signed)
    // x = [1, 0.5] → rint(255) - 128 = 127, rint(127.5) - 128 = 128 - 128 = 0
    // weights: scale 1/127 → [127, rint(-63.5) = -64]
    // acc = (127 + 128)·127 + (0 + 128)·(-64) = 32385 - 8192 = 24193
    // logit = 24193 · (1/255)·(1/127) + 0.25 = 0.747043 + 0.25 = 0.997043 (float model: 1.0)
    INDArray x = Nd4j.create(new float[] {1f, 0.5f}, new long[] {1, 2}, 'c');
    assertEquals(24193.0 / 32385 + 0.25, q.predict(x).getDouble(0, 0), 1e-5);
  }

  @Test
  void dequantizedPlan_holdsLevelTimesScale_andRunsOnTheFloatEngines() {
    Sequential m = smallCnn();
    Dataset d = data();
    QuantizedModel q =
        QuantizedModel.quantize(m, QuantScheme.weights(8), Calibrator.minMax().calibrate(m, d));
    ModelPlan plan = q.plan().dequantized();
    assertTrue(!plan.isQuantized(), "no integer weights left");
    for (PlanNode n : q.plan().nodes()) {
      QuantizedWeights w = n.quantized();
      if (w == null) {
        continue;
      }
      INDArray got = plan.node(n.name()).tensor("weight");
      int axis = ((io.github.compressionlab.nn.LayerConfig.Weighted) n.op()).outputAxis();
      float[] flat = got.dup('c').data().asFloat();
      long[] shape = got.shape();
      long inner = 1;
      for (int a = axis + 1; a < shape.length; a++) {
        inner *= shape[a];
      }
      for (int i = 0; i < flat.length; i++) {
        int unit = (int) ((i / inner) % shape[axis]);
        assertEquals(w.levels()[i] * w.scales()[unit], flat[i], 0, n.name() + "[" + i + "]");
      }
      // the biases are the model's own
      assertEquals(n.tensor("bias"), plan.node(n.name()).tensor("bias"));
    }
    // the float engines run it, and it predicts like the float model within the weights' rounding
    assertEquals(
        java.util.List.of("ND4J", "plain Java"),
        Engines.supporting(plan).stream().map(Engine::label).toList());
    Sequential back = Sequential.fromPlan(plan, 0);
    INDArray a = m.predict(d.images());
    INDArray b = back.predict(d.images());
    double scale = a.amaxNumber().doubleValue();
    assertTrue(a.sub(b).amaxNumber().doubleValue() < 0.05 * scale, "logits drift too far");
    // a float plan comes back as it is; a plan without tensors is refused
    ModelPlan floatPlan = m.plan();
    assertTrue(floatPlan.dequantized() == floatPlan, "a float plan is returned as it is");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelPlan.lower(m.plan().inputShape(), m.plan().configs()).dequantized());
    assertTrue(e.getMessage().contains("no tensors"), e.getMessage());
  }

  @Test
  void cnn_integerLogits_matchFloatSimulationWithinOneStep() {
    Sequential m = smallCnn();
    Dataset d = data();
    ActivationRanges ranges = Calibrator.minMax().calibrate(m, d);
    QuantizedModel q = QuantizedModel.quantize(m, QuantScheme.weights(8), ranges);
    // Reference in float: dequantized weights, and each weighted layer's input rounded to its grid.
    Sequential ref = m.copy();
    for (Layer l : ref.layers()) {
      if (l instanceof Dense dl) {
        dl.weight().setValue(FakeQuant.apply(dl.weight().value(), QuantScheme.weights(8), 1));
      } else if (l instanceof Conv2d c) {
        c.weight().setValue(FakeQuant.apply(c.weight().value(), QuantScheme.weights(8), 0));
      }
    }
    INDArray a = d.images();
    for (Layer l : ref.layers()) {
      if (l instanceof Dense || l instanceof Conv2d) {
        QuantParams p = QuantizedModel.activationParams(ranges.input(l.name()));
        a = a.dup();
        for (long i = 0; i < a.length(); i++) {
          a.putScalar(i, p.roundTrip(a.getDouble(i)));
        }
      }
      a = l.forward(a, false).dup();
    }
    INDArray got = q.predict(d.images());
    // Integer and float rounding may differ by one level at a requantization; one level of the
    // last layer's input grid times the largest |weight| sum bounds the effect on a logit.
    double step = QuantizedModel.activationParams(ranges.input("fc2")).scale();
    double wsum = m.parameter("fc2.weight").value().norm1Number().doubleValue();
    double maxDiff = got.sub(a).amaxNumber().doubleValue();
    assertTrue(maxDiff <= step * wsum, "max |int − float| = " + maxDiff + " > " + step * wsum);
    assertTrue(maxDiff < 0.05, "max |int − float| = " + maxDiff);
    // and it agrees with the float model itself on most predictions
    int[] pf = m.predictClasses(d.images());
    int[] pq = q.predict(d.images()).argMax(1).toIntVector();
    int same = 0;
    for (int i = 0; i < pf.length; i++) {
      same += pf[i] == pq[i] ? 1 : 0;
    }
    assertTrue(same >= 60, same + " of 64 predictions agree");
  }

  @Test
  void batchOfOne_equalsTheSameRowOfABatch() {
    Sequential m = smallCnn();
    Dataset d = data();
    QuantizedModel q =
        QuantizedModel.quantize(
            m, QuantScheme.weights(8), Calibrator.minMax().calibrate(m, d.subset(0, 16)));
    INDArray all = q.predict(d.images());
    INDArray one = q.predict(d.subset(5, 6).images());
    assertArrayEquals(all.getRow(5).toFloatVector(), one.getRow(0).toFloatVector(), 0f);
  }

  @Test
  void aBatchOfManyBlocks_givesEachExampleTheLogitsItGetsAlone() {
    // More examples than two threads' blocks: the passes split at block edges; no row may change.
    Sequential m = smallCnn();
    Dataset d = TestData.blobs(2 * QuantizedModel.BLOCK + 90, 3, 8, 12);
    QuantizedModel q =
        QuantizedModel.quantize(
            m, QuantScheme.weights(8), Calibrator.minMax().calibrate(m, d.subset(0, 16)));
    INDArray all = q.predict(d.images());
    assertEquals(d.size(), all.rows());
    for (int row :
        new int[] {0, QuantizedModel.BLOCK - 1, QuantizedModel.BLOCK, d.size() / 2, d.size() - 1}) {
      INDArray one = q.predict(d.subset(row, row + 1).images());
      assertArrayEquals(
          one.getRow(0).toFloatVector(), all.getRow(row).toFloatVector(), 0f, "row " + row);
    }
  }

  @Test
  void saveLoad_roundTripGivesTheSameLogits_int8AndInt4() throws Exception {
    Sequential m = smallCnn();
    Dataset d = data();
    ActivationRanges r = Calibrator.minMax().calibrate(m, d);
    for (int bits : new int[] {8, 4, 3}) {
      QuantizedModel q = QuantizedModel.quantize(m, QuantScheme.weights(bits), r);
      Path f = dir.resolve("q" + bits + ".safetensors");
      long bytes = q.save(f);
      assertEquals(Files.size(f), bytes);
      QuantizedModel back = QuantizedModel.load(f);
      assertArrayEquals(
          q.predict(d.images()).data().asFloat(), back.predict(d.images()).data().asFloat(), 0f);
      var st = ModelFile.read(f);
      assertEquals(bits <= 4 ? "U8" : "I8", st.tensor("fc1.weight").dtype().name(), "bits " + bits);
    }
  }

  @Test
  void quantizedPlan_carriesTheIntegerWeightsAndGrids_andOnlyTheIntegerEngineRunsIt()
      throws Exception {
    Sequential m = smallCnn();
    Dataset d = data();
    QuantizedModel q =
        QuantizedModel.quantize(m, QuantScheme.weights(8), Calibrator.minMax().calibrate(m, d));
    ModelPlan plan = q.plan();
    PlanNode conv = plan.node("conv1");
    QuantizedWeights w = conv.quantized();
    // conv1 [4, 1, 3, 3]: 36 levels in the op's own layout, one scale per filter, no float weight
    assertEquals(36, w.levels().length);
    assertEquals(4, w.scales().length);
    assertEquals(java.util.Set.of("bias"), conv.tensors().keySet());
    // fc1 [256, 16] is kept [in, out] as in the float model, not as the kernels' [out, in]
    float[] fc1 = m.parameter("fc1.weight").value().dup('c').data().asFloat();
    byte[] levels = plan.node("fc1").quantized().levels();
    float s0 = plan.node("fc1").quantized().scales()[0];
    assertEquals(Math.round(fc1[16] / s0), levels[16], "row 1, column 0");
    assertEquals(
        java.util.List.of("integer"),
        Engines.supporting(plan).stream().map(Engine::label).toList());
    assertArrayEquals(
        q.predict(d.images()).data().asFloat(),
        new IntegerEngine().compile(plan).predict(d.images()).data().asFloat(),
        0f);
    // the file holds the same plan: read back, every node has the same integer weights and grid
    // (the file stores the input scale as float32)
    Path f = dir.resolve("plan.safetensors");
    q.save(f);
    ModelPlan back = QuantizedModel.load(f).plan();
    assertEquals(plan.configs(), back.configs());
    for (PlanNode n : plan.nodes()) {
      QuantizedWeights a = n.quantized();
      QuantizedWeights b = back.node(n.name()).quantized();
      if (a != null) {
        assertArrayEquals(a.levels(), b.levels(), n.name());
        assertArrayEquals(a.scales(), b.scales(), n.name());
        assertEquals((float) a.inputScale(), (float) b.inputScale(), n.name());
        assertEquals(a.inputZeroPoint(), b.inputZeroPoint(), n.name());
      }
    }
    // params and non-zeros are counted from the plan, as for the float model
    assertEquals(m.paramCount(), q.params());
  }

  @Test
  void integerEngine_saysWhyAFloatPlanOrABatchNormIsNotItsToRun() {
    Engine.Support floatPlan = new IntegerEngine().support(smallCnn().plan());
    assertTrue(floatPlan.reason().contains("QuantizedModel.quantize"), floatPlan.reason());
    Sequential bn = Sequential.builder(4).seed(1).dense("fc", 3).batchNorm("bn").build();
    Engine.Support s = new IntegerEngine().support(bn.plan());
    assertTrue(s.reason().contains("fold batch norm"), s.reason());
  }

  @Test
  void fileSize_isAboutAQuarterOrAnEighthOfFloat32() throws Exception {
    // 784·300 + 300·100 + 100·10 weights: data of the float file is 4 bytes each, int8 1, int4 ½
    Sequential m = io.github.compressionlab.nn.ReferenceModels.lenet300100(1);
    var calib = TestData.blobs(8, 10, 28, 3);
    ActivationRanges r = Calibrator.minMax().calibrate(m, calib);
    Path f32 = dir.resolve("f.safetensors");
    ModelFile.save(m, f32);
    double full = Files.size(f32);
    double r8 = QuantizedModel.quantize(m, QuantScheme.weights(8), r).fileBytes() / full;
    double r4 = QuantizedModel.quantize(m, QuantScheme.weights(4), r).fileBytes() / full;
    assertTrue(r8 > 0.24 && r8 <= 0.26, "int8 file ratio " + r8);
    assertTrue(r4 > 0.12 && r4 <= 0.14, "int4 file ratio " + r4);
  }

  @Test
  void floatLoader_refusesAQuantizedFile_namingTheFormat() {
    Sequential m = smallCnn();
    QuantizedModel q =
        QuantizedModel.quantize(
            m, QuantScheme.weights(8), Calibrator.minMax().calibrate(m, data()));
    Path f = dir.resolve("q.safetensors");
    q.save(f);
    var e = assertThrows(UncheckedIOException.class, () -> ModelFile.load(f));
    assertTrue(e.getMessage().contains(QuantizedModel.FORMAT), e.getMessage());
  }

  @Test
  void quantizedLoader_refusesAFloatFile_sayingHowToQuantize() {
    Path f = dir.resolve("f.safetensors");
    ModelFile.save(smallCnn(), f);
    var e = assertThrows(UncheckedIOException.class, () -> QuantizedModel.load(f));
    assertTrue(e.getMessage().contains("QuantizedModel.quantize"), e.getMessage());
  }

  @Test
  void asymmetricOrWideWeights_areRefusedForIntegerInference() {
    Sequential m = smallCnn();
    ActivationRanges r = Calibrator.minMax().calibrate(m, data());
    assertThrows(
        IllegalArgumentException.class,
        () -> QuantizedModel.quantize(m, QuantScheme.activations(8), r));
    assertThrows(
        IllegalArgumentException.class,
        () -> QuantizedModel.quantize(m, QuantScheme.weights(12), r));
  }

  @Test
  void nanWeight_isRefusedNamingTheLayer() {
    Sequential m = smallCnn();
    ActivationRanges r = Calibrator.minMax().calibrate(m, data());
    m.parameter("fc1.weight").value().putScalar(0, Float.NaN);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> QuantizedModel.quantize(m, QuantScheme.weights(8), r));
    assertTrue(e.getMessage().contains("fc1") && e.getMessage().contains("NaN"), e.getMessage());
  }

  @Test
  void int4Packing_knownNibbles() {
    // row 0: [-7, 7, 0] → byte 0 = low 9 (-7 & 0xF = 0b1001) | high 7 << 4 = 0x79; byte 1 = 0x00
    // row 1: [-1, 3, -8] → byte 2 = low 0xF | high 3 << 4 = 0x3F; byte 3 = low 0x8 = 0x08
    byte[] v = {-7, 7, 0, -1, 3, -8};
    byte[] packed = Int4.pack(v, 2, 3);
    assertArrayEquals(new byte[] {0x79, 0x00, 0x3F, 0x08}, packed);
    assertArrayEquals(v, Int4.unpack(packed, 2, 3));
    assertThrows(IllegalArgumentException.class, () -> Int4.pack(new byte[] {8}, 1, 1));
  }

  @Test
  void multiplyAdds_areTheFloatModelsDoneInInt8() {
    Sequential m = smallCnn();
    QuantizedModel q =
        QuantizedModel.quantize(
            m, QuantScheme.weights(4), Calibrator.minMax().calibrate(m, data()));
    MultiplyAdds f = MultiplyAdds.of(m);
    assertEquals(new MultiplyAdds(0, f.float32()), MultiplyAdds.of(q));
  }
}
