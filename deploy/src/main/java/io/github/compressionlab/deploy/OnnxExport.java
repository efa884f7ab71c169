package io.github.compressionlab.deploy;

import com.google.protobuf.ByteString;
import io.github.compressionlab.Lab;
import io.github.compressionlab.deploy.onnx.OnnxProto.AttributeProto;
import io.github.compressionlab.deploy.onnx.OnnxProto.GraphProto;
import io.github.compressionlab.deploy.onnx.OnnxProto.ModelProto;
import io.github.compressionlab.deploy.onnx.OnnxProto.NodeProto;
import io.github.compressionlab.deploy.onnx.OnnxProto.OperatorSetIdProto;
import io.github.compressionlab.deploy.onnx.OnnxProto.StringStringEntryProto;
import io.github.compressionlab.deploy.onnx.OnnxProto.TensorProto;
import io.github.compressionlab.deploy.onnx.OnnxProto.TensorShapeProto;
import io.github.compressionlab.deploy.onnx.OnnxProto.TypeProto;
import io.github.compressionlab.deploy.onnx.OnnxProto.ValueInfoProto;
import io.github.compressionlab.io.AtomicWrite;
import io.github.compressionlab.nn.BatchNorm;
import io.github.compressionlab.nn.Conv2d;
import io.github.compressionlab.nn.Dense;
import io.github.compressionlab.nn.Dropout;
import io.github.compressionlab.nn.Engine.Support;
import io.github.compressionlab.nn.Flatten;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.LayerConfig;
import io.github.compressionlab.nn.MaxPool2d;
import io.github.compressionlab.nn.ModelPlan;
import io.github.compressionlab.nn.PlanNode;
import io.github.compressionlab.nn.QuantizedWeights;
import io.github.compressionlab.nn.ReLU;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a model as one ONNX file (IR version {@value #IR_VERSION}, default operator set {@value
 * #OPSET}), built from the model's {@link ModelPlan} like every engine, with the protobuf classes
 * generated from the official {@code onnx.proto}. The graph reads {@value #INPUT} ({@code [batch,
 * C, H, W]} or {@code [batch, features]}, float32) and writes {@value #OUTPUT} ({@code [batch,
 * classes]}); the architecture JSON and the lab's facts about the weights are in the model's
 * metadata props.
 *
 * <ul>
 *   <li>A float plan (a {@link io.github.compressionlab.nn.Sequential}, a neuron- or filter-pruned
 *       one with its smaller shapes, a weight-pruned one) becomes Conv, Relu, MaxPool, Flatten,
 *       Gemm and BatchNormalization nodes with float32 initializers. Pruned weights are stored as
 *       dense zeros: ONNX has no sparse weight for these ops, and ONNX Runtime multiplies the zeros
 *       like any other weight, so a weight-pruned file is neither smaller nor faster; only removing
 *       neurons or filters is.
 *   <li>A quantized plan (every dense and conv node holding {@link QuantizedWeights}, as {@code
 *       quant.integer.QuantizedModel} makes) becomes the QDQ form ONNX Runtime recommends on x86
 *       (S8S8): int8 weights with the lab's own scales (one per output channel, or one scalar where
 *       every channel has the same) and zero point 0 behind DequantizeLinear; int32 biases on the
 *       scale {@code s_x·s_w}; every activation quantized to the lab's calibrated int8 grid
 *       (QuantizeLinear/DequantizeLinear) where the integer engine requantizes it, so ONNX Runtime
 *       fuses the pairs into its integer kernels (QLinearConv, QGemm) and computes what the lab's
 *       integer engine computes, up to rounding. Weights of fewer than 8 bits are stored as int8
 *       levels (ONNX has int4 only from opset 21), so an int4 file is as large as an int8 one.
 * </ul>
 *
 * <p>Which ops are exported, and how, is the two tables below, as in the engines; a plan with any
 * other op is refused with the reason ({@link #support}). Files are written atomically: a failed
 * export leaves no {@code .onnx} behind.
 *
 * <pre>{@code
 * OnnxFile f = OnnxExport.write(model, Path.of("model.onnx"));      // float32
 * OnnxFile q = OnnxExport.write(quantized, Path.of("model-int8.onnx")); // int8 QDQ
 * }</pre>
 */
public final class OnnxExport {
  /** The ONNX IR version written (7: ONNX 1.8, the first with opset 13). */
  public static final long IR_VERSION = 7;

  /** The default-domain operator set imported (13: per-axis QuantizeLinear/DequantizeLinear). */
  public static final int OPSET = 13;

  /** The graph's input. */
  public static final String INPUT = "input";

  /** The graph's output: the logits. */
  public static final String OUTPUT = "logits";

  /** Metadata key of the architecture JSON (as model files store it). */
  public static final String ARCHITECTURE_KEY = "architecture";

  /** Metadata key of the lab's version. */
  public static final String LIBRARY_KEY = "library";

  /** Metadata key of what the weights are ({@link OnnxFile#format}). */
  public static final String WEIGHTS_KEY = "weights";

  private OnnxExport() {}

  /** How one op becomes graph nodes. */
  private interface Emitter {
    void emit(Graph g, PlanNode node);
  }

  private static final Map<Class<? extends LayerConfig>, Emitter> FLOAT = new LinkedHashMap<>();
  private static final Map<Class<? extends LayerConfig>, Emitter> INT8 = new LinkedHashMap<>();

  static {
    FLOAT.put(Conv2d.Config.class, Graph::conv);
    FLOAT.put(Dense.Config.class, Graph::dense);
    FLOAT.put(ReLU.Config.class, (g, n) -> g.unitWise(n, "Relu"));
    FLOAT.put(MaxPool2d.Config.class, Graph::maxPool);
    FLOAT.put(Flatten.Config.class, Graph::flatten);
    FLOAT.put(Dropout.Config.class, (g, n) -> {}); // the identity at inference
    FLOAT.put(BatchNorm.Config.class, Graph::batchNorm);

    INT8.put(Conv2d.Config.class, Graph::quantizedWeighted);
    INT8.put(Dense.Config.class, Graph::quantizedWeighted);
    INT8.put(ReLU.Config.class, Graph::quantizedRelu);
    INT8.put(MaxPool2d.Config.class, Graph::maxPool);
    INT8.put(Flatten.Config.class, Graph::flatten);
    INT8.put(Dropout.Config.class, (g, n) -> {});
  }

  /**
   * Whether {@code plan} can be exported, and why not: a plan with its tensors, of exportable ops;
   * in a quantized plan every dense and conv op holds integer weights (their input grids are the
   * calibrated activation grids) and the last of them writes the logits. Never throws.
   */
  public static Support support(ModelPlan plan) {
    if (!plan.hasWeights()) {
      return Support.no(
          "the plan holds no tensors (it was lowered from configs); export a model or model.plan()");
    }
    long[] in = plan.inputShape();
    if (in.length != 1 && in.length != 3) {
      return Support.no("the input must be [C, H, W] or [features]; got " + shape(in));
    }
    if (plan.outputShape().length != 1) {
      return Support.no("the model ends in an image; end it with flatten() and a dense layer");
    }
    boolean quantized = plan.isQuantized();
    Map<Class<? extends LayerConfig>, Emitter> table = quantized ? INT8 : FLOAT;
    int lastWeighted = -1;
    List<PlanNode> nodes = plan.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      PlanNode n = nodes.get(i);
      if (!table.containsKey(n.op().getClass())) {
        return Support.no(
            "layer '"
                + n.name()
                + "' ("
                + n.op().type()
                + ") has no "
                + (quantized ? "int8 " : "")
                + "ONNX form here; "
                + (quantized ? "quantized" : "float")
                + " models export "
                + table.keySet().stream().map(LayerConfig::typeOf).toList()
                + " layers"
                + (quantized && n.op() instanceof BatchNorm.Config
                    ? " (fold batch norm into the conv before quantizing)"
                    : ""));
      }
      if (n.op() instanceof LayerConfig.Weighted) {
        lastWeighted = i;
        if (quantized && n.quantized() == null) {
          return Support.no(
              "layer '"
                  + n.name()
                  + "' holds float weights in a quantized model, so its input has no calibrated"
                  + " int8 grid; quantize every dense and conv layer with calibrated activation"
                  + " ranges: QuantizedModel.quantize(model, QuantScheme.weights(8),"
                  + " Calibrator.minMax().calibrate(model, sample))");
        }
      }
    }
    if (quantized) {
      for (int i = lastWeighted + 1; i < nodes.size(); i++) {
        if (!(nodes.get(i).op() instanceof Dropout.Config)) {
          return Support.no(
              "layer '"
                  + nodes.get(i).name()
                  + "' follows the last dense/conv layer; a quantized model ends with the layer"
                  + " that writes the logits, as the lab's integer engine runs it");
        }
      }
    }
    return Support.yes();
  }

  /** {@link #write(ModelPlan, Map, Path)} of {@code model.plan()} without extra metadata. */
  public static OnnxFile write(InferenceModel model, Path file) {
    return write(model.plan(), Map.of(), file);
  }

  /**
   * Writes {@code plan} to {@code file} atomically (a temporary file renamed onto it).
   *
   * @param metadata more metadata props (e.g. {@code "calibration"}), after the lab's own
   * @throws IllegalArgumentException if the plan cannot be exported ({@link #support}); no file is
   *     written
   * @throws UncheckedIOException if the file cannot be written; no partial file is left
   */
  public static OnnxFile write(ModelPlan plan, Map<String, String> metadata, Path file) {
    byte[] bytes = toBytes(plan, metadata);
    try {
      AtomicWrite.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the ONNX file "
              + file.toAbsolutePath()
              + " ("
              + e
              + "); choose a path in a writable directory",
          e);
    }
    return new OnnxFile(file, bytes.length, IR_VERSION, OPSET, format(plan));
  }

  /** The serialized model. */
  public static byte[] toBytes(ModelPlan plan, Map<String, String> metadata) {
    return toModel(plan, metadata).toByteArray();
  }

  /** The ONNX model of {@code plan}. */
  public static ModelProto toModel(ModelPlan plan, Map<String, String> metadata) {
    Support s = support(plan);
    if (!s.supported()) {
      throw new IllegalArgumentException("cannot export this model to ONNX: " + s.reason());
    }
    Graph g = new Graph(plan);
    Map<Class<? extends LayerConfig>, Emitter> table = plan.isQuantized() ? INT8 : FLOAT;
    for (PlanNode n : plan.nodes()) {
      table.get(n.op().getClass()).emit(g, n);
    }
    GraphProto graph = g.finish();
    ModelProto.Builder m =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setProducerName("compression-lab")
            .setProducerVersion(Lab.version())
            .setModelVersion(1)
            .setDocString(
                "Exported by Compression Lab from its model plan: "
                    + format(plan)
                    + ", input "
                    + shape(plan.inputShape())
                    + ", "
                    + plan.numClasses()
                    + " logits.")
            .setGraph(graph);
    Map<String, String> meta = new LinkedHashMap<>(labMetadata(plan));
    meta.putAll(metadata);
    meta.forEach(
        (k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }

  /** What the weights of {@code plan} become: {@code float32}, or the int8 QDQ form. */
  public static String format(ModelPlan plan) {
    if (!plan.isQuantized()) {
      return "float32";
    }
    int bits = 8;
    boolean perChannel = false;
    for (PlanNode n : plan.nodes()) {
      QuantizedWeights q = n.quantized();
      if (q != null) {
        bits = Math.min(bits, q.bits());
        perChannel |= !sameScales(q.scales());
      }
    }
    return "int8 QDQ (S8S8, "
        + (perChannel ? "per-channel" : "per-tensor")
        + " weights"
        + (bits < 8 ? ", " + bits + "-bit levels in int8" : "")
        + ")";
  }

  private static Map<String, String> labMetadata(ModelPlan plan) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(LIBRARY_KEY, "compression-lab " + Lab.version());
    m.put(WEIGHTS_KEY, format(plan));
    m.put(ARCHITECTURE_KEY, plan.architectureJson());
    m.put("params", Long.toString(plan.params()));
    long zeros = zeroWeights(plan);
    m.put("zero_weights", Long.toString(zeros));
    if (zeros > 0) {
      m.put(
          "zero_weights_note",
          "zero weights are stored densely; ONNX Runtime multiplies them like any other");
    }
    if (plan.isQuantized()) {
      m.put("activation_bits", "8");
      m.put("quantization", "QuantizeLinear/DequantizeLinear around Conv and Gemm, S8S8");
    }
    return m;
  }

  private static long zeroWeights(ModelPlan plan) {
    long zeros = 0;
    for (PlanNode n : plan.nodes()) {
      if (!(n.op() instanceof LayerConfig.Weighted)) {
        continue;
      }
      if (n.quantized() != null) {
        zeros += n.quantized().levels().length - n.quantized().nonZeroLevels();
      } else {
        for (float v : floats(n.tensor("weight"))) {
          zeros += v == 0f ? 1 : 0;
        }
      }
    }
    return zeros;
  }

  private static boolean sameScales(float[] s) {
    for (float v : s) {
      if (v != s[0]) {
        return false;
      }
    }
    return true;
  }

  static float[] floats(INDArray t) {
    return t.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }

  static String shape(long[] s) {
    return java.util.Arrays.toString(s);
  }

  /** An int8 activation grid and the names of its scale and zero-point initializers. */
  private record Grid(float scale, int zeroPoint, String scaleName, String zeroName) {}

  /**
   * The graph under construction: nodes, initializers, and the value the next op reads. In a
   * quantized graph that value is either float ({@link #grid} null) or int8 on {@link #grid}; after
   * a weighted op, {@link #pending} is the grid its output is requantized to (after a following
   * ReLU, so ONNX Runtime folds the ReLU into the requantization, as the lab's engine does).
   */
  private static final class Graph {
    final ModelPlan plan;
    final List<NodeProto.Builder> nodes = new ArrayList<>();
    final List<TensorProto> initializers = new ArrayList<>();
    final Map<String, Grid> grids = new LinkedHashMap<>();
    final List<QuantizedWeights> weighted = new ArrayList<>();
    String current = INPUT;
    Grid grid;
    Grid pending;
    int weightedSeen;

    Graph(ModelPlan plan) {
      this.plan = plan;
      for (PlanNode n : plan.nodes()) {
        if (n.quantized() != null) {
          weighted.add(n.quantized());
        }
      }
    }

    // ------------------------------------------------------------------ float ops

    void conv(PlanNode n) {
      Conv2d.Config c = (Conv2d.Config) n.op();
      String w = floatInit(n.name() + ".weight", n.tensor("weight"));
      String b = floatInit(n.name() + ".bias", n.tensor("bias"));
      node("Conv", n.name(), List.of(current, w, b), convAttributes(c));
    }

    void dense(PlanNode n) {
      String w = floatInit(n.name() + ".weight", n.tensor("weight")); // [in, out]
      String b = floatInit(n.name() + ".bias", n.tensor("bias"));
      node("Gemm", n.name(), List.of(current, w, b), List.of());
    }

    void batchNorm(PlanNode n) {
      BatchNorm.Config c = (BatchNorm.Config) n.op();
      List<String> in = new ArrayList<>(List.of(current));
      for (String t : List.of("weight", "bias", "running_mean", "running_var")) {
        in.add(floatInit(n.name() + "." + t, n.tensor(t)));
      }
      node(
          "BatchNormalization",
          n.name(),
          in,
          List.of(floatAttribute("epsilon", (float) c.epsilon())));
    }

    void maxPool(PlanNode n) {
      MaxPool2d.Config c = (MaxPool2d.Config) n.op();
      unitWise(
          n,
          "MaxPool",
          List.of(
              intsAttribute("kernel_shape", c.kernel(), c.kernel()),
              intsAttribute("strides", c.stride(), c.stride())));
    }

    void flatten(PlanNode n) {
      unitWise(n, "Flatten", List.of(intAttribute("axis", 1)));
    }

    void unitWise(PlanNode n, String op) {
      unitWise(n, op, List.of());
    }

    /**
     * An op that works on each value as it is (ReLU, pooling, flattening): on a float value it runs
     * as is; on an int8 value it is wrapped in DequantizeLinear/QuantizeLinear on the same grid,
     * which ONNX Runtime drops to run the op on the integers (quantization is monotone, so max and
     * reshape are exact).
     */
    void unitWise(PlanNode n, String op, List<AttributeProto> attributes) {
      flushPending();
      if (grid == null) {
        node(op, n.name(), List.of(current), attributes);
        return;
      }
      Grid g = grid;
      dequantize(n.name() + ".input");
      node(op, n.name(), List.of(current), attributes);
      quantize(current, g);
    }

    // ------------------------------------------------------------------ int8 ops

    /** DQ(x) and DQ(W), DQ(b) into Conv or Gemm; the float output is requantized later. */
    void quantizedWeighted(PlanNode n) {
      QuantizedWeights q = n.quantized();
      LayerConfig.Weighted op = (LayerConfig.Weighted) n.op();
      Grid in = grid(q.inputScale(), q.inputZeroPoint());
      flushPending();
      if (grid == null) {
        quantize(n.name() + ".input", in);
      } else if (!grid.equals(in)) {
        dequantize(n.name() + ".regrid"); // another grid: never in the lab's own plans
        quantize(n.name() + ".input", in);
      }
      dequantize(n.name() + ".input");
      String x = current;
      long[] wShape = op.parameters(n.inputShape()).get(0).shape();
      int axis = op.outputAxis();
      int out = (int) op.outputUnits();
      boolean perChannel = !sameScales(q.scales());
      String wq =
          init(n.name() + ".weight_quantized", TensorProto.DataType.INT8_VALUE, wShape, q.levels());
      String ws;
      String wz;
      float[] biasScale = new float[out];
      if (perChannel) {
        ws = floatInit(n.name() + ".weight_scale", q.scales(), new long[] {out});
        wz =
            init(
                n.name() + ".weight_zero_point",
                TensorProto.DataType.INT8_VALUE,
                new long[] {out},
                new byte[out]);
      } else {
        ws = floatInit(n.name() + ".weight_scale", new float[] {q.scales()[0]}, new long[0]);
        wz =
            init(
                n.name() + ".weight_zero_point",
                TensorProto.DataType.INT8_VALUE,
                new long[0],
                new byte[1]);
      }
      for (int o = 0; o < out; o++) {
        biasScale[o] = in.scale() * q.scales()[o];
      }
      String w =
          node(
              "DequantizeLinear",
              List.of(wq, ws, wz),
              perChannel ? List.of(intAttribute("axis", axis)) : List.of(),
              n.name() + ".weight");
      String b = quantizedBias(n, biasScale, perChannel);
      if (n.op() instanceof Conv2d.Config c) {
        node("Conv", n.name(), List.of(x, w, b), convAttributes(c));
      } else {
        node("Gemm", n.name(), List.of(x, w, b), List.of());
      }
      weightedSeen++;
      pending =
          weightedSeen < weighted.size()
              ? grid(
                  weighted.get(weightedSeen).inputScale(),
                  weighted.get(weightedSeen).inputZeroPoint())
              : null;
    }

    /** The bias as int32 on the scale {@code s_x·s_w} (zero point 0), as QLinearConv wants it. */
    String quantizedBias(PlanNode n, float[] scale, boolean perChannel) {
      float[] bias = floats(n.tensor("bias"));
      int[] levels = new int[bias.length];
      for (int o = 0; o < bias.length; o++) {
        double v = Math.rint(bias[o] / (double) scale[o]);
        if (Math.abs(v) > Integer.MAX_VALUE) {
          throw new IllegalArgumentException(
              "layer '"
                  + n.name()
                  + "': bias "
                  + bias[o]
                  + " of output "
                  + o
                  + " does not fit int32 on the scale input_scale·weight_scale = "
                  + scale[o]
                  + "; calibrate the activations on real data");
        }
        levels[o] = (int) v;
      }
      ByteBuffer bytes = ByteBuffer.allocate(4 * levels.length).order(ByteOrder.LITTLE_ENDIAN);
      for (int v : levels) {
        bytes.putInt(v);
      }
      String bq =
          init(
              n.name() + ".bias_quantized",
              TensorProto.DataType.INT32_VALUE,
              new long[] {levels.length},
              bytes.array());
      String bs;
      String bz;
      if (perChannel) {
        bs = floatInit(n.name() + ".bias_scale", scale, new long[] {scale.length});
        bz =
            init(
                n.name() + ".bias_zero_point",
                TensorProto.DataType.INT32_VALUE,
                new long[] {scale.length},
                new byte[4 * scale.length]);
      } else {
        bs = floatInit(n.name() + ".bias_scale", new float[] {scale[0]}, new long[0]);
        bz =
            init(
                n.name() + ".bias_zero_point",
                TensorProto.DataType.INT32_VALUE,
                new long[0],
                new byte[4]);
      }
      return node(
          "DequantizeLinear",
          List.of(bq, bs, bz),
          perChannel ? List.of(intAttribute("axis", 0)) : List.of(),
          n.name() + ".bias");
    }

    /** After a weighted op: Relu on the float output, then the pending requantization. */
    void quantizedRelu(PlanNode n) {
      if (grid == null) {
        node("Relu", n.name(), List.of(current), List.of());
        flushPending();
      } else {
        unitWise(n, "Relu");
      }
    }

    void flushPending() {
      if (pending != null && grid == null) {
        Grid p = pending;
        pending = null;
        quantize(current, p);
      }
    }

    /** {@link #current} to int8 on {@code g}: {@code base.quantized}. */
    void quantize(String base, Grid g) {
      current =
          node(
              "QuantizeLinear",
              List.of(current, g.scaleName(), g.zeroName()),
              List.of(),
              base + ".quantized");
      grid = g;
    }

    /** {@link #current} (int8 on {@link #grid}) back to float: {@code base.dequantized}. */
    void dequantize(String base) {
      current =
          node(
              "DequantizeLinear",
              List.of(current, grid.scaleName(), grid.zeroName()),
              List.of(),
              base + ".dequantized");
      grid = null;
    }

    Grid grid(double scale, int zeroPoint) {
      float s = (float) scale;
      String key = Float.floatToIntBits(s) + "/" + zeroPoint;
      return grids.computeIfAbsent(
          key,
          k -> {
            int i = grids.size();
            String sn = "grid" + i + ".scale";
            String zn = "grid" + i + ".zero_point";
            floatInit(sn, new float[] {s}, new long[0]);
            init(zn, TensorProto.DataType.INT8_VALUE, new long[0], new byte[] {(byte) zeroPoint});
            return new Grid(s, zeroPoint, sn, zn);
          });
    }

    // ------------------------------------------------------------------ building blocks

    static List<AttributeProto> convAttributes(Conv2d.Config c) {
      int p = c.padding();
      return List.of(
          intsAttribute("kernel_shape", c.kernel(), c.kernel()),
          intsAttribute("strides", c.stride(), c.stride()),
          intsAttribute("pads", p, p, p, p));
    }

    /** Adds the node {@code op} on {@code inputs}; its output becomes {@link #current}. */
    void node(String op, String name, List<String> inputs, List<AttributeProto> attributes) {
      current = node(op, inputs, attributes, name + "." + op.toLowerCase(Locale.ROOT));
    }

    /** Adds a node writing {@code output} (named after it); returns {@code output}. */
    String node(String op, List<String> inputs, List<AttributeProto> attributes, String output) {
      nodes.add(
          NodeProto.newBuilder()
              .setOpType(op)
              .setName(output)
              .addAllInput(inputs)
              .addOutput(output)
              .addAllAttribute(attributes));
      return output;
    }

    String floatInit(String name, INDArray t) {
      return floatInit(name, floats(t), t.shape());
    }

    String floatInit(String name, float[] v, long[] shape) {
      ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
      for (float f : v) {
        b.putFloat(f);
      }
      return init(name, TensorProto.DataType.FLOAT_VALUE, shape, b.array());
    }

    String init(String name, int dataType, long[] shape, byte[] raw) {
      TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(dataType);
      for (long d : shape) {
        t.addDims(d);
      }
      initializers.add(t.setRawData(ByteString.copyFrom(raw)).build());
      return name;
    }

    static AttributeProto intsAttribute(String name, long... values) {
      AttributeProto.Builder a =
          AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
      for (long v : values) {
        a.addInts(v);
      }
      return a.build();
    }

    static AttributeProto intAttribute(String name, long value) {
      return AttributeProto.newBuilder()
          .setName(name)
          .setType(AttributeProto.AttributeType.INT)
          .setI(value)
          .build();
    }

    static AttributeProto floatAttribute(String name, float value) {
      return AttributeProto.newBuilder()
          .setName(name)
          .setType(AttributeProto.AttributeType.FLOAT)
          .setF(value)
          .build();
    }

    /** The graph, its last node writing {@value #OUTPUT}. */
    GraphProto finish() {
      if (grid != null) {
        dequantize("output");
      }
      if (nodes.isEmpty()) {
        node("Identity", "output", List.of(INPUT), List.of());
      }
      // the last node writes the graph's output
      NodeProto.Builder last = nodes.get(nodes.size() - 1);
      last.setOutput(0, OUTPUT).setName(OUTPUT);
      GraphProto.Builder g =
          GraphProto.newBuilder()
              .setName("compression_lab_model")
              .addInput(value(INPUT, plan.inputShape()))
              .addOutput(value(OUTPUT, plan.outputShape()))
              .addAllInitializer(initializers);
      for (NodeProto.Builder n : nodes) {
        g.addNode(n);
      }
      return g.build();
    }

    /** A float32 value {@code [batch, shape...]} with a symbolic batch dimension. */
    static ValueInfoProto value(String name, long[] shape) {
      TensorShapeProto.Builder s =
          TensorShapeProto.newBuilder()
              .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
      for (long d : shape) {
        s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
      }
      return ValueInfoProto.newBuilder()
          .setName(name)
          .setType(
              TypeProto.newBuilder()
                  .setTensorType(
                      TypeProto.Tensor.newBuilder()
                          .setElemType(TensorProto.DataType.FLOAT_VALUE)
                          .setShape(s)))
          .build();
    }
  }
}
