package io.github.compressionlab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A stack of {@link Layer}s applied in order. Build one with {@link #builder(long...)}, which
 * checks that every layer fits the shape coming out of the previous one. Parameters are reachable
 * by dotted name ({@code "fc1.weight"}) so compression code can read, mask and replace them.
 */
public final class Sequential implements InferenceModel {
  /** Rows per chunk in {@link #predict}: bounds memory for large inputs. */
  private static final int PREDICT_CHUNK = 1000;

  private final long[] inputShape;
  private final List<Layer> layers;
  private final ModelPlan plan; // the lowering, holding the live parameter arrays
  private final LinkedHashMap<String, Parameter> parameters;
  private final int firstTrainable;

  private Sequential(long[] inputShape, List<Layer> layers) {
    this.inputShape = inputShape.clone();
    this.layers = List.copyOf(layers);
    Set<String> names = new HashSet<>();
    for (Layer layer : layers) {
      if (!names.add(layer.name())) {
        throw new IllegalArgumentException(
            "two layers are named '" + layer.name() + "'; give each layer a unique name");
      }
    }
    ModelPlan shapes = ModelPlan.lower(inputShape, layers.stream().map(Layer::config).toList());
    List<PlanNode> nodes = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Map<String, INDArray> tensors = new LinkedHashMap<>();
      for (Parameter p : layers.get(i).parameters()) {
        tensors.put(p.name(), p.value());
      }
      nodes.add(shapes.nodes().get(i).withTensors(tensors));
    }
    this.plan = new ModelPlan(inputShape, nodes);
    this.parameters = new LinkedHashMap<>();
    int first = layers.size();
    for (int i = 0; i < layers.size(); i++) {
      for (Parameter p : layers.get(i).parameters()) {
        parameters.put(layers.get(i).name() + "." + p.name(), p);
        first = Math.min(first, i);
      }
    }
    this.firstTrainable = first;
  }

  /** Starts a model whose examples have the given shape, e.g. {@code builder(1, 28, 28)}. */
  public static Builder builder(long... inputShape) {
    return new Builder(inputShape);
  }

  /** A model of the given layers, which must already fit each other. */
  public static Sequential of(long[] inputShape, List<Layer> layers) {
    return new Sequential(inputShape, layers);
  }

  @Override
  public long[] inputShape() {
    return inputShape.clone();
  }

  public long[] outputShape() {
    return plan.outputShape();
  }

  @Override
  public int numClasses() {
    return plan.numClasses();
  }

  /**
   * The model lowered to ops, shapes and tensors: what every engine, the pruning surgery and the
   * cost counting read. Its tensors are this model's live parameter arrays.
   */
  @Override
  public ModelPlan plan() {
    return plan;
  }

  public List<Layer> layers() {
    return layers;
  }

  public Layer layer(String name) {
    for (Layer l : layers) {
      if (l.name().equals(name)) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "no layer named '" + name + "'; layers are " + layers.stream().map(Layer::name).toList());
  }

  /**
   * Runs all layers on {@code x} ({@code [B, inputShape...]}) and returns a new array of outputs.
   * In training mode the layers cache what {@link #backward} needs.
   */
  public INDArray forward(INDArray x, boolean training) {
    long[] got = Shapes.perExample(x);
    if (!Arrays.equals(got, inputShape)) {
      throw new IllegalArgumentException(
          "model expects input [batch, "
              + Shapes.str(inputShape).substring(1)
              + " but got "
              + Shapes.str(x.shape())
              + (got.length + 1 == inputShape.length
                  ? "; add the batch dimension, e.g. x.reshape(1, ...)"
                  : ""));
    }
    INDArray a = x.dataType() == DataType.FLOAT ? x : x.castTo(DataType.FLOAT);
    for (Layer layer : layers) {
      a = layer.forward(a, training);
    }
    return a.dup();
  }

  /** Back-propagates {@code gradOutput} through all layers; returns the gradient wrt the input. */
  public INDArray backward(INDArray gradOutput) {
    INDArray g = gradOutput;
    for (int i = layers.size() - 1; i >= 0; i--) {
      g = layers.get(i).backward(g);
    }
    return g;
  }

  /**
   * Like {@link #backward} but stops once every parameter gradient is stored: the gradient wrt the
   * model input, and the layers before the first trainable one, are skipped.
   */
  void backwardParameters(INDArray gradOutput) {
    INDArray g = gradOutput;
    for (int i = layers.size() - 1; i > firstTrainable; i--) {
      g = layers.get(i).backward(g);
    }
    if (firstTrainable < layers.size()) {
      layers.get(firstTrainable).backwardParameters(g);
    }
  }

  /** Logits for {@code x}, in inference mode, computed in chunks. */
  @Override
  public INDArray predict(INDArray x) {
    long n = x.size(0);
    if (n <= PREDICT_CHUNK) {
      return forward(x, false);
    }
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, Shapes.withBatch(n, outputShape()));
    for (long from = 0; from < n; from += PREDICT_CHUNK) {
      long to = Math.min(n, from + PREDICT_CHUNK);
      INDArray chunk = x.get(NDArrayIndex.interval(from, to));
      out.get(NDArrayIndex.interval(from, to)).assign(forward(chunk, false));
    }
    return out;
  }

  /** The arg-max class of each row of {@link #predict}. */
  public int[] predictClasses(INDArray x) {
    return predict(x).argMax(1).toIntVector();
  }

  /** All parameters by dotted name ({@code "fc1.weight"}), in layer order. */
  public LinkedHashMap<String, Parameter> parameters() {
    return new LinkedHashMap<>(parameters);
  }

  /** The parameter with this dotted name, e.g. {@code "conv1.bias"}. */
  public Parameter parameter(String dottedName) {
    Parameter p = parameters.get(dottedName);
    if (p == null) {
      throw new IllegalArgumentException(
          "no parameter named '" + dottedName + "'; parameters are " + parameters.keySet());
    }
    return p;
  }

  /** Number of trainable values (batch-norm running statistics are not counted, as in PyTorch). */
  public long paramCount() {
    return plan.params();
  }

  /** Floating-point operations for one example (multiply-add = 2). */
  public long flops() {
    return plan.flops();
  }

  /** One row per layer: layer, type, output shape, params, FLOPs. */
  public Table summary() {
    StringColumn name = StringColumn.create("layer");
    StringColumn type = StringColumn.create("type");
    StringColumn shape = StringColumn.create("output shape");
    LongColumn params = LongColumn.create("params");
    LongColumn flops = LongColumn.create("FLOPs");
    for (int i = 0; i < layers.size(); i++) {
      PlanNode n = plan.nodes().get(i);
      name.append(n.name());
      type.append(layers.get(i).getClass().getSimpleName());
      shape.append(Shapes.str(n.outputShape()));
      params.append(n.params());
      flops.append(n.flops());
    }
    return Table.create(
        "Sequential: " + paramCount() + " params", name, type, shape, params, flops);
  }

  /** The architecture as JSON (layer configs, no parameter values). */
  public String architectureJson() {
    return plan.architectureJson();
  }

  /** A model of the architecture in {@code json}, with fresh parameters drawn from {@code seed}. */
  public static Sequential fromArchitectureJson(String json, long seed) {
    LayerConfigJson.Architecture a = LayerConfigJson.read(json);
    return fromConfigs(a.inputShape(), a.layers(), seed);
  }

  /**
   * A model of these layer configs, with parameters drawn from {@code seed} as the builder does.
   */
  public static Sequential fromConfigs(long[] inputShape, List<LayerConfig> configs, long seed) {
    List<Layer> built = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      built.add(configs.get(i).build(layerSeed(seed, i)));
    }
    return new Sequential(inputShape, built);
  }

  public List<LayerConfig> configs() {
    return layers.stream().map(Layer::config).toList();
  }

  /**
   * A model running {@code plan} on ND4J: layers built from its ops (parameters drawn from {@code
   * seed}, as {@link #fromConfigs}), then every tensor the plan holds copied in.
   *
   * @throws IllegalArgumentException if the plan holds integer weights (quantized plans run on the
   *     integer engine)
   */
  public static Sequential fromPlan(ModelPlan plan, long seed) {
    if (plan.isQuantized()) {
      throw new IllegalArgumentException(
          "the plan holds integer weights; run it on the integer engine, or quantize the float"
              + " model again");
    }
    Sequential m = fromConfigs(plan.inputShape(), plan.configs(), seed);
    for (int i = 0; i < plan.nodes().size(); i++) {
      Map<String, INDArray> tensors = plan.nodes().get(i).tensors();
      for (Parameter p : m.layers.get(i).parameters()) {
        INDArray t = tensors.get(p.name());
        if (t != null) {
          p.setValue(t);
        }
      }
    }
    return m;
  }

  /** A deep copy: same architecture, parameter values copied. */
  public Sequential copy() {
    Sequential c = fromConfigs(inputShape, configs(), 0);
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      c.parameters.get(e.getKey()).setValue(e.getValue().value());
    }
    return c;
  }

  /** A PyTorch-style tree: one line per layer with its output shape and parameter count. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "Sequential(input %s → %s, %,d params, %,d FLOPs) (%n",
            Shapes.str(inputShape),
            Shapes.str(outputShape()),
            paramCount(),
            flops()));
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      PlanNode n = plan.nodes().get(i);
      long p = n.params();
      s.append(
          String.format(
              Locale.ROOT,
              "  (%s): %s  → %s%s%n",
              l.name(),
              l,
              Shapes.str(n.outputShape()),
              p > 0 ? String.format(Locale.ROOT, ", %,d params", p) : ""));
    }
    return s.append(")").toString();
  }

  /** Seed of layer {@code index} derived from the model seed (SplitMix64 finaliser). */
  static long layerSeed(long seed, int index) {
    long z = seed * 0x9E3779B97F4A7C15L + index + 1;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Collects layers and checks at {@link #build()} that each fits the previous layer's output.
   * Layers added by kind ({@link #dense}, {@link #conv2d}) take their input size from that output.
   */
  public static final class Builder {
    private final long[] inputShape;
    private final List<BiFunction<long[], Integer, LayerConfig>> specs = new ArrayList<>();
    private final Map<Integer, Layer> prebuilt = new LinkedHashMap<>();
    private final Map<String, Integer> autoNames = new LinkedHashMap<>();
    private long seed;

    private Builder(long[] inputShape) {
      if (inputShape.length == 0) {
        throw new IllegalArgumentException(
            "give the per-example input shape, e.g. Sequential.builder(1, 28, 28)");
      }
      for (long s : inputShape) {
        if (s < 1) {
          throw new IllegalArgumentException(
              "input shape " + Shapes.str(inputShape) + " has a size < 1; every size must be >= 1");
        }
      }
      this.inputShape = inputShape.clone();
    }

    /** Seed for parameter initialisation and dropout masks (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Adds a ready-made layer; its shape is checked at {@link #build()}. */
    public Builder add(Layer layer) {
      prebuilt.put(specs.size(), layer);
      specs.add((shape, index) -> layer.config());
      return this;
    }

    /** Adds a layer from its config, e.g. one read back from JSON. */
    public Builder add(LayerConfig config) {
      specs.add((shape, index) -> config);
      return this;
    }

    /** A dense layer with {@code out} outputs; its input size is the previous output's. */
    public Builder dense(String name, long out) {
      specs.add(
          (shape, index) -> {
            if (shape.length != 1) {
              throw new IllegalArgumentException(
                  "layer "
                      + (index + 1)
                      + " '"
                      + name
                      + "' (Dense → "
                      + out
                      + ") needs a flat input [features] but gets "
                      + Shapes.str(shape)
                      + "; add .flatten() before it");
            }
            return new Dense.Config(name, shape[0], out, WeightInit.HE);
          });
      return this;
    }

    /** A convolution with stride 1 and no padding. */
    public Builder conv2d(String name, long outChannels, int kernel) {
      return conv2d(name, outChannels, kernel, 1, 0);
    }

    /** A convolution; its input channels are the previous output's. */
    public Builder conv2d(String name, long outChannels, int kernel, int stride, int padding) {
      specs.add(
          (shape, index) -> {
            if (shape.length != 3) {
              throw new IllegalArgumentException(
                  "layer "
                      + (index + 1)
                      + " '"
                      + name
                      + "' (Conv2d) needs input [channels, H, W] but gets "
                      + Shapes.str(shape)
                      + "; conv layers go before flatten(), on image-shaped input");
            }
            return new Conv2d.Config(name, shape[0], outChannels, kernel, stride, padding);
          });
      return this;
    }

    /** Max pooling with window {@code kernel} and the same stride. */
    public Builder maxPool(String name, int kernel) {
      return maxPool(name, kernel, kernel);
    }

    public Builder maxPool(String name, int kernel, int stride) {
      specs.add((shape, index) -> new MaxPool2d.Config(name, kernel, stride));
      return this;
    }

    public Builder relu(String name) {
      specs.add((shape, index) -> new ReLU.Config(name));
      return this;
    }

    /** A flatten layer named {@code flatten} (or {@code flatten2}, ... if repeated). */
    public Builder flatten() {
      String name = autoName("flatten");
      specs.add((shape, index) -> new Flatten.Config(name));
      return this;
    }

    /** Inverted dropout with drop probability {@code p} in [0, 1). */
    public Builder dropout(String name, double p) {
      new Dropout.Config(name, p); // fail fast on a bad p
      specs.add((shape, index) -> new Dropout.Config(name, p));
      return this;
    }

    /** Batch normalisation over the previous output's features or channels. */
    public Builder batchNorm(String name) {
      specs.add((shape, index) -> new BatchNorm.Config(name, shape[0], 0.1, 1e-5));
      return this;
    }

    private String autoName(String base) {
      int n = autoNames.merge(base, 1, Integer::sum);
      return n == 1 ? base : base + n;
    }

    /**
     * The plan of the model {@link #build()} would make: its ops and shapes, counted exactly
     * ({@link ModelPlan#params}, {@link ModelPlan#flops}) without allocating a weight.
     *
     * @throws IllegalArgumentException naming the first layer that does not fit, as {@link #build}
     */
    public ModelPlan plan() {
      List<PlanNode> nodes = new ArrayList<>();
      long[] shape = inputShape;
      for (int i = 0; i < specs.size(); i++) {
        LayerConfig c = specs.get(i).apply(shape, i);
        long[] out;
        try {
          out = c.outputShape(shape);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "layer " + (i + 1) + " of " + specs.size() + ": " + e.getMessage(), e);
        }
        nodes.add(new PlanNode(c, shape, out, Map.of(), null));
        shape = out;
      }
      return new ModelPlan(inputShape, nodes);
    }

    /**
     * Creates the layers, initialising parameters from the seed.
     *
     * @throws IllegalArgumentException naming the first layer that does not fit, the shapes and how
     *     to fix it
     */
    public Sequential build() {
      List<Layer> layers = new ArrayList<>();
      long[] shape = inputShape;
      for (int i = 0; i < specs.size(); i++) {
        Layer layer = prebuilt.get(i);
        if (layer == null) {
          layer = specs.get(i).apply(shape, i).build(layerSeed(seed, i));
        }
        try {
          shape = layer.outputShape(shape);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "layer " + (i + 1) + " of " + specs.size() + ": " + e.getMessage(), e);
        }
        layers.add(layer);
      }
      if (layers.isEmpty()) {
        throw new IllegalArgumentException("the model has no layers; add some before build()");
      }
      return new Sequential(inputShape, Collections.unmodifiableList(layers));
    }
  }
}
