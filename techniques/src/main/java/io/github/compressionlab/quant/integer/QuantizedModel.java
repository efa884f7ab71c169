package io.github.compressionlab.quant.integer;

import io.github.compressionlab.Lab;
import io.github.compressionlab.io.DeclaredArchitecture;
import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.io.SafeTensors;
import io.github.compressionlab.io.SafeTensors.DType;
import io.github.compressionlab.io.SafeTensors.Tensor;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.LayerConfig;
import io.github.compressionlab.nn.ModelPlan;
import io.github.compressionlab.nn.PlanNode;
import io.github.compressionlab.nn.QuantizedWeights;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.quant.scheme.ActivationRanges;
import io.github.compressionlab.quant.scheme.Calibrator;
import io.github.compressionlab.quant.scheme.QuantParams;
import io.github.compressionlab.quant.scheme.QuantScheme;
import io.github.compressionlab.quant.scheme.QuantizedTensor;
import io.github.compressionlab.quant.scheme.Range;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A model whose weights are stored as integers (int8, or int4 packed two per byte, with one float
 * scale per output channel) and whose inference runs in integer arithmetic: the input is quantized
 * to int8 with a calibrated scale, every dense and conv layer multiplies int8 by int8 into int32
 * accumulators and requantizes to the next layer's int8 grid, ReLU and max-pooling work on the
 * integers, and only the last layer's accumulators become float logits (Jacob et al., "Quantization
 * and Training of Neural Networks for Efficient Integer-Arithmetic-Only Inference", CVPR 2018).
 *
 * <pre>{@code
 * ActivationRanges ranges = Calibrator.minMax().calibrate(model, train.sample(1000, 42));
 * QuantizedModel q = QuantizedModel.quantize(model, QuantScheme.weights(8), ranges);
 * q.save(Path.of("model-int8.safetensors"));   // about a quarter of the float32 file
 * }</pre>
 *
 * <p>The file is a safetensors file with {@code format} = {@value #FORMAT} in its metadata, so
 * {@link ModelFile#load} refuses it; each weighted layer {@code L} has {@code L.weight} (I8 {@code
 * [out, k]}, or U8 {@code [out, ceil(k/2)]} of packed nibbles for 4 bits and fewer), {@code
 * L.weight_scale} (F32 {@code [out]}), {@code L.bias} (F32), {@code L.input_scale} (F32 {@code
 * [1]}) and {@code L.input_zero_point} (I32 {@code [1]}). In memory, packed weights are unpacked to
 * one byte each at load time, so the kernels are the same for every bit width.
 */
public final class QuantizedModel implements InferenceModel {
  /** The metadata format tag of quantized model files. */
  public static final String FORMAT = "compression-lab-quantized/1";

  /**
   * Threads for a batch (at least 8 examples per thread): {@code -Dlab.quant.threads}, else the
   * number of cores.
   */
  static final int THREADS =
      Integer.getInteger("lab.quant.threads", Runtime.getRuntime().availableProcessors());

  /**
   * Examples per pass through the layers. A pass holds every layer's int32 accumulators for its
   * examples, so it bounds memory: the teacher's first convolution needs 32 × 784 × 4 bytes per
   * example, 25 MB for a block, where the whole test set at once (5,000 examples per thread) needed
   * 1 GB and filled the kernel's heap. Each example's arithmetic is its own, so the logits do not
   * depend on the block.
   */
  static final int BLOCK = 256;

  private final ModelPlan plan;
  private final long[] inputShape;
  private final int numClasses;
  private final QuantScheme weightScheme;
  private final String calibration;
  private final List<IntLayer> layers;
  private final IntLinear last;
  private final QuantParams inputParams;

  /**
   * The integer model of a quantized plan (see {@link IntegerEngine}).
   *
   * @param calibration how the activation ranges were found, recorded in the file
   */
  QuantizedModel(ModelPlan plan, QuantScheme weightScheme, String calibration) {
    IntegerEngine.Stages s = IntegerEngine.stages(plan);
    this.plan = plan;
    this.inputShape = plan.inputShape();
    this.numClasses = plan.numClasses();
    this.weightScheme = weightScheme;
    this.calibration = calibration;
    this.layers = s.hidden();
    this.last = s.last();
    this.inputParams = s.input();
  }

  /**
   * Quantizes {@code model}: its dense and conv weights with {@code weights} (symmetric, 2 to 8
   * bits), its activations to int8 on the grids {@code ranges} gives (see {@link Calibrator}).
   *
   * @throws IllegalArgumentException for asymmetric or wider-than-8-bit weight schemes, NaN or
   *     infinite weights, or layers without an integer version
   */
  public static QuantizedModel quantize(
      Sequential model, QuantScheme weights, ActivationRanges ranges) {
    if (!weights.symmetric() || weights.bits() > 8) {
      throw new IllegalArgumentException(
          "integer inference needs symmetric weights of 2 to 8 bits, got "
              + weights
              + "; use QuantScheme.weights(8) or QuantScheme.weights(4)");
    }
    ModelPlan f = model.plan();
    List<PlanNode> nodes = new ArrayList<>();
    for (PlanNode n : f.nodes()) {
      if (!(n.op() instanceof LayerConfig.Weighted w)) {
        nodes.add(n);
        continue;
      }
      QuantizedTensor q = quantizeWeight(weights, n.tensor("weight"), w.outputAxis(), n.name());
      int out = (int) w.outputUnits();
      byte[] levels = new byte[q.levels().length];
      for (int i = 0; i < levels.length; i++) {
        levels[i] = (byte) q.levels()[i];
      }
      QuantParams grid = activationParams(ranges.input(n.name()));
      nodes.add(
          n.withQuantized(
              new QuantizedWeights(
                  weights.bits(), levels, scales(q, out), grid.scale(), grid.zeroPoint()),
              Map.of("bias", n.tensor("bias").dup())));
    }
    return new QuantizedModel(new ModelPlan(f.inputShape(), nodes), weights, ranges.method());
  }

  private static QuantizedTensor quantizeWeight(QuantScheme s, INDArray w, int axis, String layer) {
    try {
      return s.quantize(w, axis);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("layer '" + layer + "': " + e.getMessage(), e);
    }
  }

  private static float[] scales(QuantizedTensor q, int out) {
    float[] s = new float[out];
    for (int o = 0; o < out; o++) {
      s[o] = (float) q.params()[q.channelAxis() < 0 ? 0 : o].scale();
    }
    return s;
  }

  /**
   * The int8 grid of an activation range: asymmetric 8-bit ({@code 0…255} with zero point z),
   * stored signed as {@code q − 128} ({@code −128…127}, zero point {@code z − 128}) so activations
   * and weights are both int8.
   */
  static QuantParams activationParams(Range r) {
    QuantParams u = QuantScheme.activations(8).forRange(r.min(), r.max());
    return new QuantParams(u.scale(), u.zeroPoint() - 128, -128, 127);
  }

  @Override
  public INDArray predict(INDArray x) {
    long[] got = x.shape();
    long per = 1;
    for (long d : inputShape) {
      per *= d;
    }
    if (got.length != inputShape.length + 1 || x.length() != got[0] * per) {
      throw new IllegalArgumentException(
          "quantized model expects input [batch, "
              + java.util.Arrays.toString(inputShape).substring(1)
              + " but got "
              + java.util.Arrays.toString(got));
    }
    int batch = (int) got[0];
    float[] in =
        x.dataType() == DataType.FLOAT
                && x.ordering() == 'c'
                && !x.isView()
                && x.data().length() == x.length()
            ? x.data().asFloat() // one copy instead of two
            : x.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] out = new float[batch * numClasses];
    int threads = Math.min(batch / 8, THREADS);
    if (threads <= 1) {
      runInBlocks(in, 0, batch, out);
    } else {
      int chunk = (batch + threads - 1) / threads;
      IntStream.range(0, threads)
          .parallel()
          .forEach(t -> runInBlocks(in, t * chunk, Math.min(batch, (t + 1) * chunk), out));
    }
    return Nd4j.create(out, new long[] {batch, numClasses}, 'c');
  }

  /** Examples {@code from..to-1}, {@link #BLOCK} at a time. */
  private void runInBlocks(float[] in, int from, int to, float[] out) {
    for (int start = from; start < to; start += BLOCK) {
      run(in, start, Math.min(to, start + BLOCK), out);
    }
  }

  /** Runs examples {@code from..to-1} of {@code in} through the integer pipeline. */
  private void run(float[] in, int from, int to, float[] out) {
    int size = inputSize();
    int batch = to - from;
    byte[] a = new byte[batch * size];
    float inv = (float) (1 / inputParams.scale());
    IntAxpy.quantize(in, from * size, a.length, inv, inputParams.zeroPoint(), a);
    for (int i = 0; i < layers.size(); i++) {
      IntLayer l = layers.get(i);
      if (l instanceof IntLinear lin
          && i + 1 < layers.size()
          && layers.get(i + 1) instanceof IntRelu r
          && r.zeroPoint() == lin.output.zeroPoint()) {
        a = lin.run(a, batch, r.zeroPoint()); // the ReLU as the lower clamp of requantization
        i++;
      } else {
        a = l.run(a, batch);
      }
    }
    float[] logits = last.runFloat(a, batch);
    System.arraycopy(logits, 0, out, from * numClasses, batch * numClasses);
  }

  private int inputSize() {
    long n = 1;
    for (long d : inputShape) {
      n *= d;
    }
    return (int) n;
  }

  @Override
  public long[] inputShape() {
    return inputShape.clone();
  }

  /** The quantized plan: float ops with {@link QuantizedWeights} on every weighted one. */
  @Override
  public ModelPlan plan() {
    return plan;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  /** The scheme the weights were quantized with. */
  public QuantScheme weightScheme() {
    return weightScheme;
  }

  /** Number of weights and biases (as in the float model). */
  public long params() {
    return plan.params();
  }

  /** Weights that are not zero, plus the biases. */
  public long nonZeroParams() {
    return plan.nonZeroParams();
  }

  private List<IntLinear> weightedLayers() {
    List<IntLinear> out = new ArrayList<>();
    for (IntLayer l : layers) {
      if (l instanceof IntLinear lin) {
        out.add(lin);
      }
    }
    out.add(last);
    return out;
  }

  /** One row per integer stage: layer, kind, weight bits, weight shape, bytes of weights. */
  public Table summary() {
    StringColumn name = StringColumn.create("layer");
    StringColumn kind = StringColumn.create("integer op");
    IntColumn bits = IntColumn.create("weight bits");
    LongColumn bytes = LongColumn.create("weight bytes");
    List<IntLayer> all = new ArrayList<>(layers);
    all.add(last);
    for (IntLayer l : all) {
      name.append(l.name());
      kind.append(l.describe());
      bits.append(l.weightBits());
      bytes.append(l.weightBytes());
    }
    return Table.create("QuantizedModel (" + weightScheme + " weights)", name, kind, bits, bytes);
  }

  // ------------------------------------------------------------------ files

  /** The model as named tensors plus metadata, as {@link #save} writes it. */
  public SafeTensors toSafeTensors() {
    Map<String, Tensor> t = new LinkedHashMap<>();
    for (IntLinear l : weightedLayers()) {
      String p = l.name + ".";
      if (l.bits <= 4) {
        t.put(
            p + "weight",
            new Tensor(
                DType.U8, new long[] {l.n, Int4.packedCols(l.k)}, Int4.pack(l.weights, l.n, l.k)));
      } else {
        t.put(p + "weight", new Tensor(DType.I8, new long[] {l.n, l.k}, l.weights.clone()));
      }
      t.put(p + "weight_scale", Tensor.ofFloats(l.weightScale, l.n));
      t.put(p + "bias", Tensor.ofFloats(l.bias, l.n));
      t.put(p + "input_scale", Tensor.ofFloats(new float[] {(float) l.input.scale()}, 1));
      t.put(p + "input_zero_point", Tensor.ofInts(new int[] {l.input.zeroPoint()}, 1));
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(ModelFile.FORMAT_KEY, FORMAT);
    meta.put(ModelFile.LIBRARY_KEY, "compression-lab " + Lab.version());
    meta.put(ModelFile.ARCHITECTURE_KEY, plan.architectureJson());
    meta.put("weight_bits", Integer.toString(weightScheme.bits()));
    meta.put("weight_granularity", weightScheme.granularity().name());
    meta.put("activation_bits", "8");
    meta.put("calibration", calibration);
    return new SafeTensors(t, meta);
  }

  /** Saves to {@code file} atomically; returns the file's size in bytes. */
  public long save(Path file) {
    SafeTensors st = toSafeTensors();
    ModelFile.write(file, st);
    return st.toBytes().length;
  }

  /** Bytes of the file {@link #save} writes. */
  public long fileBytes() {
    return toSafeTensors().toBytes().length;
  }

  /**
   * Loads a file written by {@link #save}.
   *
   * @throws UncheckedIOException naming the file and the problem if it is missing, truncated,
   *     damaged or not a quantized model file
   */
  public static QuantizedModel load(Path file) {
    return fromSafeTensors(ModelFile.read(file), file.toString());
  }

  /** {@link #load} from the bytes of a file; {@code source} names it in error messages. */
  public static QuantizedModel decode(byte[] bytes, String source) {
    SafeTensors st;
    try {
      st = SafeTensors.parse(bytes, source);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    return fromSafeTensors(st, source);
  }

  static QuantizedModel fromSafeTensors(SafeTensors st, String source) {
    try {
      return fromCheckedSafeTensors(st, source);
    } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
      throw new UncheckedIOException(
          new java.io.IOException("quantized model file " + source + ": " + e.getMessage(), e));
    }
  }

  private static QuantizedModel fromCheckedSafeTensors(SafeTensors st, String source) {
    Map<String, String> meta = st.metadata();
    String format = meta.get(ModelFile.FORMAT_KEY);
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException(
          "has format '"
              + format
              + "', not '"
              + FORMAT
              + "'"
              + (ModelFile.FORMAT.equals(format)
                  ? "; it is a float model: load it with ModelFile.load and quantize it with"
                      + " QuantizedModel.quantize"
                  : ""));
    }
    ModelPlan arch = DeclaredArchitecture.of(meta.get(ModelFile.ARCHITECTURE_KEY), source).plan();
    int bits = Integer.parseInt(meta.getOrDefault("weight_bits", "8"));
    if (bits < 2 || bits > 8) {
      throw new IllegalArgumentException(
          "has weight_bits " + bits + "; integer weights here have 2 to 8 bits");
    }
    QuantScheme scheme =
        new QuantScheme(
            bits,
            QuantScheme.Mapping.SYMMETRIC,
            QuantScheme.Granularity.valueOf(
                meta.getOrDefault("weight_granularity", "PER_CHANNEL")));
    List<PlanNode> nodes = new ArrayList<>();
    for (PlanNode n : arch.nodes()) {
      if (!(n.op() instanceof LayerConfig.Weighted w)) {
        nodes.add(n);
        continue;
      }
      String p = n.name() + ".";
      int out = (int) w.outputUnits();
      int k = (int) (n.op().parameters(n.inputShape()).get(0).size() / out);
      Tensor t = st.tensor(p + "weight");
      byte[] rows; // [out, k], as the file stores them
      if (bits <= 4) {
        expect(t, DType.U8, new long[] {out, Int4.packedCols(k)}, p + "weight");
        rows = Int4.unpack(t.data(), out, k);
      } else {
        expect(t, DType.I8, new long[] {out, k}, p + "weight");
        rows = t.data().clone();
      }
      float scale = scalar(st, p + "input_scale");
      Tensor zpTensor = st.tensor(p + "input_zero_point");
      if (zpTensor.size() != 1 || zpTensor.dtype().isFloating()) {
        throw new IllegalArgumentException(
            "tensor '" + p + "input_zero_point' is " + zpTensor + ", expected one integer");
      }
      int zp = Math.toIntExact(zpTensor.toLongs()[0]);
      nodes.add(
          n.withQuantized(
              new QuantizedWeights(
                  bits,
                  toOpLayout(rows, out, k, w),
                  floats(st, p + "weight_scale", out),
                  scale,
                  zp),
              Map.of("bias", Nd4j.create(floats(st, p + "bias", out)))));
    }
    return new QuantizedModel(
        new ModelPlan(arch.inputShape(), nodes), scheme, meta.getOrDefault("calibration", "?"));
  }

  /**
   * File rows {@code [out, k]} in the op's weight layout: the same for a conv ({@code [outC,
   * inC·k·k]}), transposed to {@code [in, out]} for a dense layer.
   */
  private static byte[] toOpLayout(byte[] rows, int out, int k, LayerConfig.Weighted w) {
    if (w.outputAxis() == 0) {
      return rows;
    }
    byte[] t = new byte[rows.length];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < k; i++) {
        t[i * out + o] = rows[o * k + i];
      }
    }
    return t;
  }

  private static float scalar(SafeTensors st, String name) {
    Tensor t = st.tensor(name);
    if (t.size() != 1 || !t.dtype().isFloating()) {
      throw new IllegalArgumentException("tensor '" + name + "' is " + t + ", expected one float");
    }
    return t.toFloats()[0];
  }

  private static float[] floats(SafeTensors st, String name, int n) {
    Tensor t = st.tensor(name);
    expect(t, DType.F32, new long[] {n}, name);
    return t.toFloats();
  }

  private static void expect(Tensor t, DType dtype, long[] shape, String name) {
    if (t.dtype() != dtype || !java.util.Arrays.equals(t.shape(), shape)) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "' is "
              + t
              + " but the architecture needs "
              + dtype
              + java.util.Arrays.toString(shape));
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "QuantizedModel(%s weights, int8 activations (%s), %,d params, file %,.1f KB)",
        weightScheme,
        calibration,
        params(),
        fileBytes() / 1024.0);
  }
}
