package io.github.compressionlab.deploy;

import com.google.gson.GsonBuilder;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.data.FashionMnist;
import io.github.compressionlab.io.AtomicWrite;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.ReferenceModels;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;
import io.github.compressionlab.prune.MagnitudePruner;
import io.github.compressionlab.prune.NeuronPruner;
import io.github.compressionlab.prune.Surgery;
import io.github.compressionlab.quant.integer.QuantizedModel;
import io.github.compressionlab.quant.scheme.ActivationRanges;
import io.github.compressionlab.quant.scheme.Calibrator;
import io.github.compressionlab.quant.scheme.QuantScheme;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every kind of model {@link OnnxExport} writes, made the way the lab makes them (briefly trained
 * on Fashion-MNIST, then pruned or quantized with the lab's own tools), so tests in Java and in
 * Python check the same files. As a program it writes them to a directory for the Python check
 * ({@code tests/test_onnx_python.py}): each {@code NAME.onnx}, the lab's logits for the same test
 * images ({@code NAME.expected.f32}), the images ({@code input.f32}), all raw little-endian
 * float32, and {@code manifest.json} describing them.
 *
 * <p>Usage: {@code ExportSamples DIR [IMAGES]} (default 1,000 test images).
 */
public final class ExportSamples {
  /** The seed of every sample's weights, data order and calibration sample. */
  public static final long SEED = 42;

  private ExportSamples() {}

  /**
   * One exported kind.
   *
   * @param name a file-name-safe name, e.g. {@code cnn-int8}
   * @param lab the model as the lab runs it: its plan is what is exported
   * @param metadata extra metadata props for the file (the calibration of an int8 model)
   */
  public record Sample(String name, InferenceModel lab, Map<String, String> metadata) {
    /** Whether the sample holds integer weights (compare predictions, not logits). */
    public boolean quantized() {
      return lab.plan().isQuantized();
    }
  }

  /**
   * LeNet-300-100 and the small CNN (one epoch on {@code trainImages} training images), the CNN
   * weight-pruned (80% of each layer's weights zero) and filter-pruned (half of its hidden filters
   * and neurons removed, smaller shapes), a CNN with batch norm, and int8 (per-channel and
   * per-tensor) and int4 versions calibrated with min-max on 500 training images.
   */
  public static List<Sample> samples(int trainImages) {
    Dataset train = FashionMnist.train().sample(trainImages, SEED);
    Sequential lenet = trained(ReferenceModels.lenet300100(SEED), train);
    Sequential cnn = trained(ReferenceModels.smallCnn(SEED), train);
    Sequential weightPruned = Sequential.fromPlan(cnn.plan(), SEED);
    MagnitudePruner.perLayer().mask(weightPruned, 0.8).applyTo(weightPruned);
    Sequential filterPruned =
        Surgery.removeUnits(cnn, NeuronPruner.l1().plan(Sequential.fromPlan(cnn.plan(), 0), 0.5));
    Sequential batchNorm =
        trained(
            Sequential.builder(1, 28, 28)
                .seed(SEED)
                .conv2d("conv1", 8, 3, 1, 1)
                .batchNorm("bn1")
                .relu("relu1")
                .maxPool("pool1", 2)
                .flatten()
                .dense("fc1", 10)
                .build(),
            train);
    Dataset calibration = train.sample(500, SEED + 1);
    ActivationRanges cnnRanges = Calibrator.minMax().calibrate(cnn, calibration);
    ActivationRanges lenetRanges = Calibrator.minMax().calibrate(lenet, calibration);
    List<Sample> out = new ArrayList<>();
    out.add(new Sample("lenet-float32", lenet, Map.of()));
    out.add(new Sample("cnn-float32", cnn, Map.of()));
    out.add(new Sample("cnn-weight-pruned", weightPruned, Map.of()));
    out.add(new Sample("cnn-filter-pruned", filterPruned, Map.of()));
    out.add(new Sample("cnn-batchnorm-float32", batchNorm, Map.of()));
    out.add(int8("cnn-int8", cnn, QuantScheme.weights(8), cnnRanges));
    out.add(
        int8(
            "lenet-int8-per-tensor",
            lenet,
            QuantScheme.weights(8).withGranularity(QuantScheme.Granularity.PER_TENSOR),
            lenetRanges));
    out.add(int8("cnn-int4", cnn, QuantScheme.weights(4), cnnRanges));
    return out;
  }

  private static Sample int8(
      String name, Sequential model, QuantScheme scheme, ActivationRanges ranges) {
    QuantizedModel q = QuantizedModel.quantize(model, scheme, ranges);
    return new Sample(
        name,
        q,
        Map.of("calibration", ranges.method(), "weight_scheme", q.weightScheme().toString()));
  }

  private static Sequential trained(Sequential m, Dataset train) {
    new Trainer(
            m,
            TrainingConfig.builder().learningRate(1e-3).epochs(1).batchSize(128).seed(SEED).build())
        .fit(train);
    return m;
  }

  /** Writes the samples, the images and the lab's logits to {@code args[0]}. */
  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: ExportSamples DIR [IMAGES]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int images = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    Dataset test = FashionMnist.test().subset(0, images);
    INDArray x = test.images();
    write(dir.resolve("input.f32"), x);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Sample s : samples(10_000)) {
      OnnxFile f = OnnxExport.write(s.lab().plan(), s.metadata(), dir.resolve(s.name() + ".onnx"));
      write(dir.resolve(s.name() + ".expected.f32"), s.lab().predict(x));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", s.name());
      row.put("file", f.path().getFileName().toString());
      row.put("expected", s.name() + ".expected.f32");
      row.put("quantized", s.quantized());
      row.put("format", f.format());
      row.put("bytes", f.bytes());
      rows.add(row);
      System.out.println(f);
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("input", "input.f32");
    manifest.put("input_shape", x.shape());
    manifest.put("classes", 10);
    manifest.put("ir_version", OnnxExport.IR_VERSION);
    manifest.put("opset", OnnxExport.OPSET);
    manifest.put("samples", rows);
    String json = new GsonBuilder().setPrettyPrinting().create().toJson(manifest);
    try {
      AtomicWrite.write(
          dir.resolve("manifest.json"), json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code a} as raw little-endian float32, row-major. */
  private static void write(Path file, INDArray a) {
    float[] v = a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    try {
      AtomicWrite.write(file, b.array());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
