package io.github.compressionlab.testing;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.io.SafeTensors;
import io.github.compressionlab.io.SafeTensors.DType;
import io.github.compressionlab.io.SafeTensors.Tensor;
import io.github.compressionlab.nas.Architecture;
import io.github.compressionlab.nas.ConvBlock;
import io.github.compressionlab.nas.Pooling;
import io.github.compressionlab.nas.Trial;
import io.github.compressionlab.nas.TrialLog;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.prune.MagnitudePruner;
import io.github.compressionlab.prune.SparseModelFile;
import io.github.compressionlab.quant.deep.DeepCompressedFile;
import io.github.compressionlab.quant.deep.WeightSharing;
import io.github.compressionlab.quant.integer.QuantizedModel;
import io.github.compressionlab.quant.scheme.Calibrator;
import io.github.compressionlab.quant.scheme.QuantScheme;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the seed corpora of the fuzz targets: small real files, written by the lab's own writers
 * (a model file, a sparse, an int8 and an int4 file, a Deep Compression file, IDX images and
 * labels, a NAS trial log) and the widget messages JupyterLab sends. Small models keep the inputs
 * short, which is what a fuzzer mutates best. The corpora are committed under {@code
 * src/test/resources/<package>/<Class>Inputs/<method>/}, beside the inputs of past findings;
 * regenerate them after a format change with
 *
 * <pre>
 * mvn -q test-compile &amp;&amp; java -cp "target/test-classes:target/classes:$(cat target/test-classpath)" \
 *   io.github.compressionlab.testing.FuzzCorpus src/test/resources
 * </pre>
 *
 * ({@code ./lab fuzz --seed-corpus} does this.) Every file is drawn from fixed seeds.
 */
public final class FuzzCorpus {
  private FuzzCorpus() {}

  public static void main(String[] args) throws IOException {
    // the checkout's root: each target's inputs go into its module's test resources
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    String core = "core/src/test/resources/io/github/compressionlab/";
    String techniques = "techniques/src/test/resources/io/github/compressionlab/";
    String kernel = "kernel/src/test/resources/io/github/compressionlab/";
    write(root, core + "data/IdxFuzzTestInputs/decode", idx());
    Map<String, byte[]> models = modelFiles();
    write(root, core + "io/ModelFileFuzzTestInputs/decode", models);
    Map<String, byte[]> tensors = new LinkedHashMap<>(models);
    tensors.put("seed-every-dtype.safetensors", everyDtype());
    write(root, core + "io/SafeTensorsFuzzTestInputs/parse", tensors);
    write(root, techniques + "prune/SparseModelFileFuzzTestInputs/decode", sparseFiles());
    write(root, techniques + "quant/integer/QuantizedModelFuzzTestInputs/decode", quantizedFiles());
    write(root, techniques + "quant/deep/DeepCompressedFileFuzzTestInputs/decode", deepFiles());
    write(root, techniques + "nas/TrialLogFuzzTestInputs/parse", trialLogs());
    write(root, core + "widgets/WidgetMessagesFuzzTestInputs/receive", widgetMessages());
    write(root, kernel + "kernel/CommMessagesFuzzTestInputs/handle", commMessages());
  }

  private static void write(Path root, String dir, Map<String, byte[]> files) throws IOException {
    Path d = root.resolve(dir);
    Files.createDirectories(d);
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Files.write(d.resolve(e.getKey()), e.getValue());
      System.out.printf("%6d bytes  %s/%s%n", e.getValue().length, dir, e.getKey());
    }
  }

  // ------------------------------------------------------------------ models

  /** LeNet in miniature: 1x4x4 → flatten → 8 → relu → 3. */
  static Sequential mlp(long seed) {
    return Sequential.builder(1, 4, 4)
        .seed(seed)
        .flatten()
        .dense("fc1", 8)
        .relu("relu1")
        .dense("fc2", 3)
        .build();
  }

  /** 1x6x6 → conv 2@3x3 → batch norm → relu → pool 2 → flatten → 3. */
  static Sequential cnn(long seed) {
    return Sequential.builder(1, 6, 6)
        .seed(seed)
        .conv2d("conv1", 2, 3)
        .batchNorm("bn1")
        .relu("relu1")
        .maxPool("pool1", 2)
        .flatten()
        .dense("fc", 3)
        .build();
  }

  /** The same without batch norm, which the integer engine has no kernel for. */
  static Sequential plainCnn(long seed) {
    return Sequential.builder(1, 6, 6)
        .seed(seed)
        .conv2d("conv1", 2, 3)
        .relu("relu1")
        .maxPool("pool1", 2)
        .flatten()
        .dense("fc", 3)
        .build();
  }

  private static Map<String, byte[]> modelFiles() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("seed-mlp.safetensors", ModelFile.toSafeTensors(mlp(1), Map.of("seed", "1")).toBytes());
    m.put("seed-cnn.safetensors", ModelFile.toSafeTensors(cnn(2), Map.of()).toBytes());
    return m;
  }

  private static SafeTensors pruned(Sequential model, double sparsity) {
    MagnitudePruner.global().mask(model, sparsity).applyTo(model);
    return SparseModelFile.toSafeTensors(model);
  }

  private static Map<String, byte[]> sparseFiles() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("seed-mlp-80.safetensors", pruned(mlp(3), 0.8).toBytes());
    m.put("seed-cnn-60.safetensors", pruned(cnn(4), 0.6).toBytes());
    return m;
  }

  private static Map<String, byte[]> quantizedFiles() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    Sequential mlp = mlp(5);
    Dataset d4 = TestData.blobs(32, 3, 4, 5);
    Sequential cnn = plainCnn(6);
    Dataset d6 = TestData.blobs(32, 3, 6, 6);
    for (int bits : new int[] {8, 4}) {
      m.put(
          "seed-mlp-int" + bits + ".safetensors",
          QuantizedModel.quantize(
                  mlp, QuantScheme.weights(bits), Calibrator.minMax().calibrate(mlp, d4))
              .toSafeTensors()
              .toBytes());
      m.put(
          "seed-cnn-int" + bits + ".safetensors",
          QuantizedModel.quantize(
                  cnn, QuantScheme.weights(bits), Calibrator.minMax().calibrate(cnn, d6))
              .toSafeTensors()
              .toBytes());
    }
    return m;
  }

  private static Map<String, byte[]> deepFiles() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    Sequential mlp = mlp(7);
    MagnitudePruner.global().mask(mlp, 0.7).applyTo(mlp);
    WeightSharing.defaults().denseBits(3).apply(mlp);
    m.put("seed-mlp-3bit.cldc", DeepCompressedFile.encode(mlp, Map.of("seed", "7")));
    Sequential cnn = cnn(8);
    MagnitudePruner.global().mask(cnn, 0.5).applyTo(cnn);
    WeightSharing.defaults().apply(cnn);
    m.put("seed-cnn.cldc", DeepCompressedFile.encode(cnn, Map.of()));
    return m;
  }

  private static byte[] everyDtype() {
    Map<String, Tensor> t = new LinkedHashMap<>();
    t.put("f32", Tensor.ofFloats(new float[] {1.5f, -2f}, 2));
    t.put("f16", new Tensor(DType.F16, new long[] {1, 2}, new byte[] {0, 0x3c, 0, (byte) 0xc0}));
    t.put("bf16", new Tensor(DType.BF16, new long[] {2}, new byte[] {(byte) 0x80, 0x3f, 0, 0}));
    t.put("i8", new Tensor(DType.I8, new long[] {3}, new byte[] {-1, 0, 127}));
    t.put("u8", new Tensor(DType.U8, new long[] {}, new byte[] {(byte) 200}));
    t.put("i32", Tensor.ofInts(new int[] {-7, 1 << 20}, 2, 1));
    t.put("i64", new Tensor(DType.I64, new long[] {1}, new byte[] {1, 0, 0, 0, 0, 0, 0, -128}));
    t.put("empty", new Tensor(DType.F32, new long[] {0, 3}, new byte[0]));
    return new SafeTensors(t, Map.of("note", "every dtype, a scalar and an empty tensor"))
        .toBytes();
  }

  // ------------------------------------------------------------------ IDX

  private static Map<String, byte[]> idx() throws IOException {
    Map<String, byte[]> m = new LinkedHashMap<>();
    byte[] px = new byte[3 * 4 * 4];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 37);
    }
    byte[] images = idx(0x08, new int[] {3, 4, 4}, px);
    byte[] labels = idx(0x08, new int[] {3}, new byte[] {7, 0, 9});
    m.put("seed-images.idx", images);
    m.put("seed-labels.idx", labels);
    m.put("seed-images.idx.gz", gzip(images));
    m.put("seed-labels.idx.gz", gzip(labels));
    m.put(
        "seed-floats.idx",
        idx(0x0D, new int[] {2, 1}, new byte[] {0x3f, (byte) 0x80, 0, 0, 0, 0, 0, 0}));
    return m;
  }

  private static byte[] idx(int type, int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(0);
    out.writeByte(0);
    out.writeByte(type);
    out.writeByte(dims.length);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(z)) {
      g.write(raw);
    }
    return z.toByteArray();
  }

  // ------------------------------------------------------------------ NAS, widgets

  private static Map<String, byte[]> trialLogs() throws IOException {
    Path dir = Files.createTempDirectory("fuzz-corpus");
    Path file = dir.resolve("trials.jsonl");
    TrialLog.Header header =
        new TrialLog.Header(TrialLog.FORMAT, "evolution(population=4)", 7, 2, "space");
    TrialLog log = TrialLog.open(file, header);
    Architecture a =
        new Architecture(
            List.of(new ConvBlock(8, 3, Pooling.MAX), new ConvBlock(16, 3, Pooling.NONE)),
            List.of(32),
            0.1);
    log.append(new Trial(0, a, 11, 2, 26_374, 1_460_000, 105_496, 0.21, 0.8812, 4.5));
    log.append(
        new Trial(
            1,
            new Architecture(List.of(), List.of(), 0.0),
            12,
            1,
            7_850,
            15_680,
            31_400,
            0.02,
            Double.NaN,
            0.0));
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("seed-trials.jsonl", Files.readAllBytes(file));
    Files.delete(file);
    Files.delete(dir);
    return m;
  }

  private static Map<String, byte[]> widgetMessages() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put(
        "seed-slider-drag.txt",
        lines(
            "0{\"method\":\"update\",\"state\":{\"value\":4},\"buffer_paths\":[]}",
            "1{\"method\":\"update\",\"state\":{\"value\":7.5},\"buffer_paths\":[]}",
            "2{\"method\":\"update\",\"state\":{\"value\":0.01}}",
            "0{\"method\":\"request_state\"}"));
    m.put(
        "seed-selections.txt",
        lines(
            "3{\"method\":\"update\",\"state\":{\"index\":1},\"buffer_paths\":[]}",
            "4{\"method\":\"update\",\"state\":{\"index\":2}}",
            "5{\"method\":\"update\",\"state\":{\"value\":true}}"));
    m.put(
        "seed-click-and-control.txt",
        lines(
            "6{\"method\":\"custom\",\"content\":{\"event\":\"click\"}}",
            "c{\"method\":\"request_states\"}",
            "8{\"method\":\"update\",\"state\":{\"value\":null},\"buffer_paths\":[[\"value\"]]}",
            "x{\"method\":\"update\",\"state\":{}}"));
    return m;
  }

  /** Comm messages as the kernel's shell loop hands them over (CommMessagesFuzzTest's format). */
  private static Map<String, byte[]> commMessages() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put(
        "seed-widget-messages.txt",
        lines(
            "0{\"method\":\"update\",\"state\":{\"value\":4},\"buffer_paths\":[]}",
            "1{\"method\":\"update\",\"state\":{\"index\":1}}",
            "2{\"method\":\"custom\",\"content\":{\"event\":\"click\"}}",
            "0{\"method\":\"request_state\"}"));
    m.put(
        "seed-control-comm.txt",
        lines(
            "o{\"comm_id\":\"ctl-1\",\"target_name\":\"jupyter.widget.control\",\"data\":{}}",
            "m{\"comm_id\":\"ctl-1\",\"data\":{\"method\":\"request_states\"}}",
            "c{\"comm_id\":\"ctl-1\",\"data\":{}}"));
    m.put(
        "seed-refused.txt",
        lines(
            "o{\"comm_id\":\"w-9\",\"target_name\":\"jupyter.widget\",\"data\":{\"state\":{}}}",
            "m{\"comm_id\":\"nope\",\"data\":{}}",
            "c{\"comm_id\":\"nope\",\"data\":{}}",
            "o{\"comm_id\":\"t-1\",\"target_name\":\"no.such.target\",\"data\":{}}"));
    return m;
  }

  private static byte[] lines(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
