package io.github.compressionlab.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.data.FashionMnist;
import io.github.compressionlab.deploy.onnx.OnnxProto.ModelProto;
import io.github.compressionlab.deploy.onnx.OnnxProto.TensorProto;
import io.github.compressionlab.nn.ModelPlan;
import io.github.compressionlab.nn.PlanNode;
import io.github.compressionlab.nn.QuantizedWeights;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.testing.SmallCnn;
import io.github.compressionlab.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class OnnxExportTest {
  @TempDir Path dir;

  /** The samples, trained once for the tests that need real data. */
  private static List<ExportSamples.Sample> samples;

  private static synchronized List<ExportSamples.Sample> samples() {
    if (samples == null) {
      samples = ExportSamples.samples(10_000);
    }
    return samples;
  }

  private static ExportSamples.Sample sample(String name) {
    return samples().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  @Tag("slow")
  void everyKind_loadsInOnnxRuntimeJava_andAgreesWithTheLab() throws IOException {
    Dataset test = FashionMnist.test();
    INDArray x = test.images();
    for (ExportSamples.Sample s : samples()) {
      OnnxFile f = OnnxExport.write(s.lab().plan(), s.metadata(), dir.resolve(s.name() + ".onnx"));
      assertEquals(Files.size(f.path()), f.bytes(), s.name());
      try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(f, 1)) {
        INDArray expected = s.lab().predict(x);
        INDArray got = ort.predict(x);
        assertArrayEquals(expected.shape(), got.shape(), s.name());
        if (s.quantized()) {
          // the integer engine and ONNX Runtime's QLinearConv/QGemm round the same integers,
          // up to ties and the requantization multiplier's precision; without VNNI ONNX
          // Runtime's 16-bit pair sums saturate (OnnxRuntimeModel.int8IsExact), so there the
          // bound is looser and the figure is printed
          double agree = agreement(expected, got);
          double bound = OnnxRuntimeModel.int8IsExact() ? 0.995 : 0.95;
          System.out.printf(
              "%s: ONNX Runtime int8 agrees with the lab on %.4f of the test set (%s)%n",
              s.name(), agree, OnnxRuntimeModel.int8IsExact() ? "VNNI" : "no VNNI: saturating");
          assertTrue(
              agree >= bound, s.name() + ": predictions agree on " + agree + " of the test set");
        } else {
          double diff = Math.abs(expected.sub(got).amaxNumber().doubleValue());
          assertTrue(diff <= 1e-4, s.name() + ": logits differ by " + diff);
        }
      }
    }
  }

  private static double agreement(INDArray a, INDArray b) {
    long[] pa = a.argMax(1).toLongVector();
    long[] pb = b.argMax(1).toLongVector();
    int same = 0;
    for (int i = 0; i < pa.length; i++) {
      same += pa[i] == pb[i] ? 1 : 0;
    }
    return (double) same / pa.length;
  }

  @Test
  @Tag("slow")
  void prunedFiles_filterPruningShrinksTheFile_weightPruningKeepsDenseZeros() throws IOException {
    OnnxFile dense = OnnxExport.write(sample("cnn-float32").lab(), dir.resolve("dense.onnx"));
    OnnxFile weights = OnnxExport.write(sample("cnn-weight-pruned").lab(), dir.resolve("w.onnx"));
    OnnxFile filters = OnnxExport.write(sample("cnn-filter-pruned").lab(), dir.resolve("f.onnx"));
    // 80% zero weights: the same tensors, only the metadata grows
    assertTrue(Math.abs(weights.bytes() - dense.bytes()) < 1024, weights + " vs " + dense);
    assertTrue(filters.bytes() < 0.5 * dense.bytes(), filters + " vs " + dense);
    Map<String, String> meta = metadata(weights.path());
    assertTrue(
        Long.parseLong(meta.get("zero_weights"))
            > 0.75 * sample("cnn-float32").lab().plan().params());
    assertTrue(meta.get("zero_weights_note").contains("multiplies them"), meta.toString());
  }

  @Test
  @Tag("slow")
  void int8File_holdsTheLabsScales_perChannelOrPerTensor() throws IOException {
    ExportSamples.Sample perChannel = sample("cnn-int8");
    OnnxFile f =
        OnnxExport.write(perChannel.lab().plan(), perChannel.metadata(), dir.resolve("q.onnx"));
    ModelProto m = ModelProto.parseFrom(Files.readAllBytes(f.path()));
    QuantizedWeights conv1 = perChannel.lab().plan().node("conv1").quantized();
    TensorProto scale = initializer(m, "conv1.weight_scale");
    assertEquals(List.of((long) conv1.scales().length), scale.getDimsList());
    assertEquals(conv1.scales()[3], floatAt(scale, 3));
    TensorProto levels = initializer(m, "conv1.weight_quantized");
    assertEquals(TensorProto.DataType.INT8_VALUE, levels.getDataType());
    assertArrayEquals(conv1.levels(), levels.getRawData().toByteArray());
    assertTrue(
        m.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("QuantizeLinear")));
    assertEquals("min-max", metadata(f.path()).get("calibration"));

    ExportSamples.Sample perTensor = sample("lenet-int8-per-tensor");
    ModelProto t = OnnxExport.toModel(perTensor.lab().plan(), Map.of());
    assertEquals(List.of(), initializer(t, "fc1.weight_scale").getDimsList());
    assertTrue(OnnxExport.format(perTensor.lab().plan()).contains("per-tensor"));
  }

  private static TensorProto initializer(ModelProto m, String name) {
    return m.getGraph().getInitializerList().stream()
        .filter(t -> t.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no initializer " + name));
  }

  private static float floatAt(TensorProto t, int i) {
    return java.nio.ByteBuffer.wrap(t.getRawData().toByteArray())
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .getFloat(4 * i);
  }

  private static Map<String, String> metadata(Path file) throws IOException {
    Map<String, String> m = new HashMap<>();
    ModelProto.parseFrom(Files.readAllBytes(file))
        .getMetadataPropsList()
        .forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  @Test
  void floatFile_statesIrVersionOpsetAndArchitecture_andRunsInOnnxRuntime() throws IOException {
    Sequential model = SmallCnn.side(8).conv2(4).hidden(6).build(3);
    OnnxFile f = OnnxExport.write(model, dir.resolve("small.onnx"));
    ModelProto m = ModelProto.parseFrom(Files.readAllBytes(f.path()));
    assertEquals(7, m.getIrVersion());
    assertEquals(13, m.getOpsetImport(0).getVersion());
    assertEquals("", m.getOpsetImport(0).getDomain());
    assertEquals(model.plan().architectureJson(), metadata(f.path()).get("architecture"));
    INDArray x = TestData.uniform(5, 7, 1, 8, 8);
    try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(f.path())) {
      assertEquals(model.plan().configs(), ort.plan().configs());
      assertArrayEquals(new long[] {1, 8, 8}, ort.inputShape());
      assertEquals(3, ort.numClasses());
      double diff = Math.abs(model.predict(x).sub(ort.predict(x)).amaxNumber().doubleValue());
      assertTrue(diff <= 1e-5, "logits differ by " + diff);
    }
  }

  @Test
  void aQuantizedModelWithBatchNorm_isRefusedNamingTheLayer_andNoFileIsWritten() {
    Sequential model =
        Sequential.builder(1, 6, 6)
            .seed(1)
            .conv2d("conv1", 2, 3, 1, 1)
            .batchNorm("bn1")
            .relu("relu1")
            .flatten()
            .dense("fc1", 3)
            .build();
    ModelPlan q = quantizedByHand(model.plan(), List.of("conv1", "fc1"));
    Path file = dir.resolve("bn.onnx");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.write(q, Map.of(), file));
    assertTrue(e.getMessage().contains("'bn1' (batchnorm)"), e.getMessage());
    assertTrue(e.getMessage().contains("fold batch norm"), e.getMessage());
    assertFalse(Files.exists(file));
    // the same layer in a float model is exported (BatchNormalization)
    assertTrue(OnnxExport.support(model.plan()).supported());
  }

  @Test
  void aQuantizedModelWithAnUncalibratedLayer_isRefused() {
    Sequential model = SmallCnn.side(8).hidden(5).build(2);
    ModelPlan q = quantizedByHand(model.plan(), List.of("conv1", "fc1")); // fc2 stays float
    Path file = dir.resolve("partial.onnx");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnnxExport.write(q, Map.of(), file));
    assertTrue(e.getMessage().contains("'fc2'"), e.getMessage());
    assertTrue(e.getMessage().contains("no calibrated int8 grid"), e.getMessage());
    assertTrue(e.getMessage().contains("Calibrator"), e.getMessage());
    assertFalse(Files.exists(file));
  }

  @Test
  void aPlanWithoutTensors_isRefused() {
    ModelPlan configsOnly =
        ModelPlan.lower(new long[] {1, 8, 8}, SmallCnn.side(8).build(1).plan().configs());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> OnnxExport.toModel(configsOnly, Map.of()));
    assertTrue(e.getMessage().contains("holds no tensors"), e.getMessage());
  }

  @Test
  void anUnwritablePath_givesAClearError_andLeavesNoPartialFile() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    Path file = notADirectory.resolve("model.onnx");
    Sequential model = SmallCnn.side(8).build(1);
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> OnnxExport.write(model, file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("writable directory"), e.getMessage());
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(notADirectory), left.toList(), "nothing but the file that was there");
    }
  }

  @Test
  void aCorruptFile_givesOnnxRuntimesErrorWithTheFileName() throws IOException {
    OnnxFile good = OnnxExport.write(SmallCnn.side(8).build(1), dir.resolve("good.onnx"));
    byte[] bytes = Files.readAllBytes(good.path());
    Path truncated =
        Files.write(
            dir.resolve("truncated.onnx"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnnxRuntimeModel.load(truncated));
    assertTrue(e.getMessage().contains("truncated.onnx"), e.getMessage());
    assertTrue(e.getMessage().startsWith("ONNX Runtime cannot load"), e.getMessage());
    assertTrue(e.getCause() instanceof ai.onnxruntime.OrtException, String.valueOf(e.getCause()));

    Path missing = dir.resolve("missing.onnx");
    IllegalArgumentException m =
        assertThrows(IllegalArgumentException.class, () -> OnnxRuntimeModel.load(missing));
    assertTrue(m.getMessage().contains("no ONNX file at"), m.getMessage());
  }

  /**
   * The plan with integer weights on the named layers: levels of the weights' signs (0, ±1), scale
   * 1 per unit, input grid scale 0.05 and zero point −128, as a quantizer would leave them.
   */
  private static ModelPlan quantizedByHand(ModelPlan plan, List<String> layers) {
    List<PlanNode> nodes = new ArrayList<>();
    for (PlanNode n : plan.nodes()) {
      if (!layers.contains(n.name())) {
        nodes.add(n);
        continue;
      }
      float[] w = n.tensor("weight").dup('c').data().asFloat();
      byte[] levels = new byte[w.length];
      for (int i = 0; i < w.length; i++) {
        levels[i] = (byte) Math.signum(w[i]);
      }
      long units = ((io.github.compressionlab.nn.LayerConfig.Weighted) n.op()).outputUnits();
      float[] scales = new float[(int) units];
      java.util.Arrays.fill(scales, 1f);
      nodes.add(
          n.withQuantized(
              new QuantizedWeights(8, levels, scales, 0.05, -128),
              Map.of("bias", n.tensor("bias"))));
    }
    return new ModelPlan(plan.inputShape(), nodes);
  }
}
