package io.github.compressionlab.quant;

import io.github.compressionlab.Lab;
import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.io.SafeTensors;
import io.github.compressionlab.io.SafeTensors.DType;
import io.github.compressionlab.io.SafeTensors.Tensor;
import io.github.compressionlab.nn.Conv2d;
import io.github.compressionlab.nn.Dense;
import io.github.compressionlab.nn.Dropout;
import io.github.compressionlab.nn.Flatten;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.Layer;
import io.github.compressionlab.nn.MaxPool2d;
import io.github.compressionlab.nn.ReLU;
import io.github.compressionlab.nn.Sequential;
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

  private final long[] inputShape;
  private final int numClasses;
  private final String architectureJson;
  private final QuantScheme weightScheme;
  private final String calibration;
  private final List<IntLayer> layers;
  private final IntLinear last;
  private final QuantParams inputParams;

  private QuantizedModel(
      Sequential arch,
      QuantScheme weightScheme,
      String calibration,
      Map<String, IntLinear> weighted) {
    this.inputShape = arch.inputShape();
    this.numClasses = arch.numClasses();
    this.architectureJson = arch.architectureJson();
    this.weightScheme = weightScheme;
    this.calibration = calibration;
    List<Layer> fl = arch.layers();
    int lastWeighted = -1;
    for (int i = 0; i < fl.size(); i++) {
      if (weighted.containsKey(fl.get(i).name())) {
        lastWeighted = i;
      }
    }
    for (int i = lastWeighted + 1; i < fl.size(); i++) {
      if (!(fl.get(i) instanceof Dropout)) {
        throw new IllegalArgumentException(
            "layer '"
                + fl.get(i).name()
                + "' follows the last dense/conv layer; a quantized model must end with the dense"
                + " or conv layer that outputs the logits");
      }
    }
    // The activation grid between two weighted layers is the calibrated input grid of the next.
    List<IntLayer> stages = new ArrayList<>();
    IntLinear previous = null;
    long[] shape = arch.inputShape();
    QuantParams first = null;
    for (int i = 0; i <= lastWeighted; i++) {
      Layer l = fl.get(i);
      if (weighted.containsKey(l.name())) {
        IntLinear lin = weighted.get(l.name());
        if (previous != null) {
          previous.output = lin.input;
        } else {
          first = lin.input;
        }
        previous = lin;
        stages.add(lin);
      } else if (l instanceof ReLU) {
        stages.add(new IntRelu(l.name(), -1)); // zero point patched below
      } else if (l instanceof MaxPool2d mp) {
        stages.add(
            new IntMaxPool(
                l.name(),
                (int) shape[0],
                (int) shape[1],
                (int) shape[2],
                mp.config().kernel(),
                mp.config().stride()));
      } else if (!(l instanceof Flatten) && !(l instanceof Dropout)) {
        throw new IllegalArgumentException(
            "layer '"
                + l.name()
                + "' ("
                + l.getClass().getSimpleName()
                + ") has no integer version; quantizable models hold dense, conv2d, relu,"
                + " maxpool2d, flatten and dropout layers (fold batch norm into the conv first)");
      }
      shape = l.outputShape(shape);
    }
    if (previous == null) {
      throw new IllegalArgumentException(
          "the model has no dense or conv layer, so there is nothing to quantize");
    }
    // A ReLU works on the grid that is current where it stands: the grid of the next weighted
    // layer's input if it follows a weighted layer, else the model input's grid.
    QuantParams grid = first;
    for (int i = 0; i < stages.size(); i++) {
      IntLayer s = stages.get(i);
      if (s instanceof IntLinear lin) {
        grid = lin.output != null ? lin.output : lin.input;
      } else if (s instanceof IntRelu r) {
        stages.set(i, new IntRelu(r.name(), grid.zeroPoint()));
      }
    }
    this.layers = List.copyOf(stages.subList(0, stages.size() - 1));
    this.last = previous;
    this.inputParams = first;
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
    Map<String, IntLinear> weighted = new LinkedHashMap<>();
    long[] shape = model.inputShape();
    for (Layer l : model.layers()) {
      if (l instanceof Dense d) {
        QuantizedTensor q = quantizeWeight(weights, d.weight().value(), 1, l.name());
        int in = (int) d.in();
        int out = (int) d.out();
        byte[] wt = new byte[out * in];
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            wt[o * in + i] = (byte) q.levels()[i * out + o];
          }
        }
        weighted.put(
            l.name(),
            new IntLinear(
                l.name(),
                out,
                in,
                wt,
                scales(q, out),
                d.bias().value().toFloatVector(),
                weights.bits(),
                activationParams(ranges.input(l.name())),
                null));
      } else if (l instanceof Conv2d c) {
        QuantizedTensor q = quantizeWeight(weights, c.weight().value(), 0, l.name());
        int out = (int) c.config().outChannels();
        int k = q.levels().length / out;
        byte[] w = new byte[q.levels().length];
        for (int i = 0; i < w.length; i++) {
          w[i] = (byte) q.levels()[i];
        }
        weighted.put(
            l.name(),
            new IntLinear(
                l.name(),
                out,
                k,
                w,
                scales(q, out),
                c.bias().value().toFloatVector(),
                weights.bits(),
                activationParams(ranges.input(l.name())),
                conv(c, shape)));
      }
      shape = l.outputShape(shape);
    }
    return new QuantizedModel(model, weights, ranges.method(), weighted);
  }

  private static QuantizedTensor quantizeWeight(QuantScheme s, INDArray w, int axis, String layer) {
    try {
      return s.quantize(w, axis);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("layer '" + layer + "': " + e.getMessage(), e);
    }
  }

  private static IntLinear.Conv conv(Conv2d c, long[] in) {
    var cfg = c.config();
    return new IntLinear.Conv(
        (int) in[0], (int) in[1], (int) in[2], cfg.kernel(), cfg.stride(), cfg.padding());
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
      run(in, 0, batch, out);
    } else {
      int chunk = (batch + threads - 1) / threads;
      IntStream.range(0, threads)
          .parallel()
          .forEach(
              t -> {
                int from = t * chunk;
                int to = Math.min(batch, from + chunk);
                if (from < to) {
                  run(in, from, to, out);
                }
              });
    }
    return Nd4j.create(out, new long[] {batch, numClasses}, 'c');
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
    long n = 0;
    for (IntLinear l : weightedLayers()) {
      n += (long) l.n * l.k + l.n;
    }
    return n;
  }

  /** Weights that are not zero, plus the biases. */
  public long nonZeroParams() {
    long n = 0;
    for (IntLinear l : weightedLayers()) {
      for (byte b : l.weights) {
        n += b != 0 ? 1 : 0;
      }
      n += l.n;
    }
    return n;
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
      if (l instanceof IntLinear lin) {
        kind.append(
            (lin.conv == null ? "int8 gemm " : "int8 im2col+gemm ")
                + lin.n
                + "x"
                + lin.k
                + (lin == last ? " → float" : " → int8"));
        bits.append(lin.bits);
        bytes.append(lin.bits <= 4 ? (long) lin.n * Int4.packedCols(lin.k) : (long) lin.n * lin.k);
      } else {
        kind.append(l instanceof IntRelu ? "max(q, zero point)" : "max over window");
        bits.append(0);
        bytes.append(0);
      }
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
    meta.put(ModelFile.ARCHITECTURE_KEY, architectureJson);
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

  /** Loads a file written by {@link #save}. */
  public static QuantizedModel load(Path file) {
    SafeTensors st = ModelFile.read(file);
    try {
      return fromSafeTensors(st, file.toString());
    } catch (IllegalArgumentException e) {
      throw new UncheckedIOException(
          new java.io.IOException("quantized model file " + file + ": " + e.getMessage(), e));
    }
  }

  static QuantizedModel fromSafeTensors(SafeTensors st, String source) {
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
    Sequential arch = Sequential.fromArchitectureJson(meta.get(ModelFile.ARCHITECTURE_KEY), 0);
    int bits = Integer.parseInt(meta.getOrDefault("weight_bits", "8"));
    QuantScheme scheme =
        new QuantScheme(
            bits,
            QuantScheme.Mapping.SYMMETRIC,
            QuantScheme.Granularity.valueOf(
                meta.getOrDefault("weight_granularity", "PER_CHANNEL")));
    Map<String, IntLinear> weighted = new LinkedHashMap<>();
    long[] shape = arch.inputShape();
    for (Layer l : arch.layers()) {
      if (l instanceof Dense || l instanceof Conv2d) {
        String p = l.name() + ".";
        int out;
        int k;
        IntLinear.Conv conv = null;
        if (l instanceof Dense d) {
          out = (int) d.out();
          k = (int) d.in();
        } else {
          Conv2d c = (Conv2d) l;
          out = (int) c.config().outChannels();
          k = (int) (shape[0] * c.config().kernel() * c.config().kernel());
          conv = conv(c, shape);
        }
        Tensor w = st.tensor(p + "weight");
        byte[] levels;
        if (bits <= 4) {
          expect(w, DType.U8, new long[] {out, Int4.packedCols(k)}, p + "weight");
          levels = Int4.unpack(w.data(), out, k);
        } else {
          expect(w, DType.I8, new long[] {out, k}, p + "weight");
          levels = w.data().clone();
        }
        float scale = st.tensor(p + "input_scale").toFloats()[0];
        int zp = (int) st.tensor(p + "input_zero_point").toLongs()[0];
        weighted.put(
            l.name(),
            new IntLinear(
                l.name(),
                out,
                k,
                levels,
                floats(st, p + "weight_scale", out),
                floats(st, p + "bias", out),
                bits,
                new QuantParams(scale, zp, -128, 127),
                conv));
      }
      shape = l.outputShape(shape);
    }
    return new QuantizedModel(arch, scheme, meta.getOrDefault("calibration", "?"), weighted);
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
