package io.github.compressionlab.nas;

import io.github.compressionlab.TableView;
import io.github.compressionlab.measure.Latency;
import io.github.compressionlab.nn.ModelPlan;
import io.github.compressionlab.nn.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A declarative space of small CNNs for images: how many conv blocks and which width, kernel size
 * and pooling each has; how many hidden dense layers and how wide; which dropout. Every choice is a
 * typed list ({@link #choices()}); an {@link Architecture} picks one value per decision and {@link
 * #build} turns it into an {@code nn.Sequential}:
 *
 * <pre>
 * [conv{i} (same padding) → relu{i} → (pool{i})] × blocks → flatten → (drop0)
 *   → [fc{j} → relu → (drop{j})] × dense layers → out (classes)
 * </pre>
 *
 * <p>Skip connections are not in the space: {@code nn.Sequential} is a plain chain of layers and
 * has no layer that adds an earlier output back, so a residual block cannot be expressed without a
 * new layer type in {@code nn}.
 *
 * <p>{@link Constraints} limit parameters and FLOPs (counted exactly from the model's plan, without
 * allocating its weights; {@link #params} equals {@code build(a, seed).paramCount()}) and measured
 * latency (checked when a trial runs). {@link Builder#build()} refuses an empty space and
 * constraints that no architecture meets, checked by enumeration (small spaces) or on the cheapest
 * architecture of each depth and random draws (large ones).
 *
 * <pre>{@code
 * SearchSpace space = SearchSpace.builder(1, 28, 28).classes(10)
 *     .convBlocks(1, 2, 3).convWidths(4, 8, 16, 32).kernelSizes(3, 5)
 *     .pooling(Pooling.MAX, Pooling.NONE).denseLayers(0, 1).denseWidths(16, 32, 64)
 *     .dropout(0.0, 0.2).constraints(Constraints.none().withMaxParams(25_000)).build();
 * }</pre>
 */
public final class SearchSpace implements TableView {
  /** Spaces with at most this many architectures are enumerated to find the feasible ones. */
  static final long ENUMERATION_LIMIT = 200_000;

  private static final int SAMPLING_TRIES = 10_000;

  private final long[] inputShape;
  private final int classes;
  private final List<Integer> convBlocks;
  private final List<Integer> convWidths;
  private final List<Integer> kernelSizes;
  private final List<Pooling> pooling;
  private final List<Integer> denseLayers;
  private final List<Integer> denseWidths;
  private final List<Double> dropouts;
  private final Constraints constraints;
  private final List<Architecture>
      feasible; // all feasible architectures, or null if not enumerated

  private SearchSpace(Builder b) {
    this.inputShape = b.inputShape.clone();
    this.classes = b.classes;
    this.convBlocks = sortedDistinct(b.convBlocks);
    this.convWidths = sortedDistinct(b.convWidths);
    this.kernelSizes = sortedDistinct(b.kernelSizes);
    this.pooling = sortedDistinct(b.pooling);
    this.denseLayers = sortedDistinct(b.denseLayers);
    this.denseWidths = sortedDistinct(b.denseWidths);
    this.dropouts = sortedDistinct(b.dropouts);
    this.constraints = b.constraints;
    this.feasible = size() <= ENUMERATION_LIMIT ? enumerateFeasible() : null;
  }

  private static <T extends Comparable<T>> List<T> sortedDistinct(List<T> values) {
    return values.stream().distinct().sorted().toList();
  }

  /** Starts a space of models for examples of this shape, e.g. {@code builder(1, 28, 28)}. */
  public static Builder builder(long... inputShape) {
    return new Builder(inputShape);
  }

  /** The decisions and their options, in order. */
  public List<Choice<?>> choices() {
    List<Choice<?>> c = new ArrayList<>();
    c.add(new Choice<>("conv blocks", convBlocks));
    if (maxConvBlocks() > 0) {
      c.add(new Choice<>("conv width (per block)", convWidths));
      c.add(new Choice<>("kernel size (per block)", kernelSizes));
      c.add(new Choice<>("pooling (per block)", pooling));
    }
    c.add(new Choice<>("dense layers", denseLayers));
    if (maxDenseLayers() > 0) {
      c.add(new Choice<>("dense width (per layer)", denseWidths));
    }
    c.add(new Choice<>("dropout", dropouts));
    return c;
  }

  public Constraints constraints() {
    return constraints;
  }

  public long[] inputShape() {
    return inputShape.clone();
  }

  public int classes() {
    return classes;
  }

  /** The same choices under other constraints (checked again for feasibility). */
  public SearchSpace withConstraints(Constraints c) {
    return toBuilder().constraints(c).build();
  }

  /** A builder holding this space's choices and constraints. */
  public Builder toBuilder() {
    Builder b = new Builder(inputShape).classes(classes).constraints(constraints);
    b.convBlocks = convBlocks;
    b.convWidths = convWidths;
    b.kernelSizes = kernelSizes;
    b.pooling = pooling;
    b.denseLayers = denseLayers;
    b.denseWidths = denseWidths;
    b.dropouts = dropouts;
    return b;
  }

  private int maxConvBlocks() {
    return convBlocks.get(convBlocks.size() - 1);
  }

  private int maxDenseLayers() {
    return denseLayers.get(denseLayers.size() - 1);
  }

  /** How many distinct architectures the choices allow (saturating at {@code Long.MAX_VALUE}). */
  public long size() {
    long perBlock = (long) convWidths.size() * kernelSizes.size() * pooling.size();
    long conv = 0;
    for (int b : convBlocks) {
      conv = saturatingAdd(conv, power(perBlock, b));
    }
    long dense = 0;
    for (int d : denseLayers) {
      dense = saturatingAdd(dense, power(denseWidths.size(), d));
    }
    return saturatingMultiply(saturatingMultiply(conv, dense), dropouts.size());
  }

  /** How many architectures meet the constraints, or -1 if the space is too large to enumerate. */
  public long feasibleSize() {
    return feasible == null ? -1 : feasible.size();
  }

  private static long power(long base, int exp) {
    long r = 1;
    for (int i = 0; i < exp; i++) {
      r = saturatingMultiply(r, base);
    }
    return r;
  }

  private static long saturatingAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }

  private static long saturatingMultiply(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  // ---- counting -------------------------------------------------------------------------------

  /** Trainable parameters of {@code build(a, seed)}, counted without building it. */
  public long params(Architecture a) {
    return count(a)[0];
  }

  /** FLOPs per example of {@code build(a, seed)} (nn's convention), counted without building it. */
  public long flops(Architecture a) {
    return count(a)[1];
  }

  /** True if the architecture fits the input (pooling never shrinks a side below 1). */
  public boolean fits(Architecture a) {
    return count(a) != null;
  }

  /** True if the architecture fits and meets the parameter and FLOP limits. */
  public boolean allows(Architecture a) {
    long[] c = count(a);
    return c != null && constraints.allows(c[0], c[1]);
  }

  /**
   * {params, flops} from the plan of the model {@link #build} makes (lowered from layer configs, no
   * weights allocated), or null if pooling would shrink a side below 1.
   */
  private long[] count(Architecture a) {
    if (!poolingFits(a)) {
      return null;
    }
    ModelPlan plan = builder(a).plan();
    return new long[] {plan.params(), plan.flops()};
  }

  /** Whether every 2x2 pooling still has at least one pixel to pool (convolutions keep sizes). */
  private boolean poolingFits(Architecture a) {
    if (inputShape.length != 3) {
      return a.convBlocks().isEmpty();
    }
    long h = inputShape[1];
    long w = inputShape[2];
    for (ConvBlock b : a.convBlocks()) {
      if (b.pooling() == Pooling.MAX) {
        h /= 2;
        w /= 2;
        if (h < 1 || w < 1) {
          return false;
        }
      }
    }
    return true;
  }

  // ---- building -------------------------------------------------------------------------------

  /**
   * The model of {@code a}, its parameters drawn from {@code seed}. Layer names: conv1, relu1,
   * pool1, ..., flatten, drop0, fc1, fc1relu, drop1, ..., out.
   *
   * @throws IllegalArgumentException if {@code a} does not fit the input (too much pooling)
   */
  public Sequential build(Architecture a, long seed) {
    if (!fits(a)) {
      throw new IllegalArgumentException(
          "architecture "
              + a
              + " pools a "
              + Arrays.toString(inputShape)
              + " input below 1x1; use fewer pooling blocks");
    }
    return builder(a).seed(seed).build();
  }

  /** The model of {@code a} as layers still to build (names as {@link #build} documents). */
  private Sequential.Builder builder(Architecture a) {
    Sequential.Builder b = Sequential.builder(inputShape);
    int i = 1;
    for (ConvBlock block : a.convBlocks()) {
      b.conv2d("conv" + i, block.width(), block.kernel(), 1, block.kernel() / 2);
      b.relu("relu" + i);
      if (block.pooling() == Pooling.MAX) {
        b.maxPool("pool" + i, 2);
      }
      i++;
    }
    b.flatten();
    if (a.denseWidths().isEmpty() && a.dropout() > 0) {
      b.dropout("drop0", a.dropout());
    }
    int j = 1;
    for (int width : a.denseWidths()) {
      b.dense("fc" + j, width);
      b.relu("fc" + j + "relu");
      if (a.dropout() > 0) {
        b.dropout("drop" + j, a.dropout());
      }
      j++;
    }
    b.dense("out", classes);
    return b;
  }

  // ---- sampling and mutation ------------------------------------------------------------------

  /** True if every value of {@code a} is one of this space's options. */
  public boolean contains(Architecture a) {
    if (!convBlocks.contains(a.convBlocks().size())
        || !denseLayers.contains(a.denseWidths().size())
        || !dropouts.contains(a.dropout())) {
      return false;
    }
    for (ConvBlock b : a.convBlocks()) {
      if (!convWidths.contains(b.width())
          || !kernelSizes.contains(b.kernel())
          || !pooling.contains(b.pooling())) {
        return false;
      }
    }
    return denseWidths.containsAll(a.denseWidths());
  }

  /** An architecture drawn uniformly from those meeting the parameter and FLOP constraints. */
  public Architecture sample(SplittableRandom random) {
    if (feasible != null) {
      return feasible.get(random.nextInt(feasible.size()));
    }
    for (int t = 0; t < SAMPLING_TRIES; t++) {
      Architecture a = sampleUnconstrained(random);
      if (allows(a)) {
        return a;
      }
    }
    throw new IllegalStateException(
        "no architecture meeting "
            + constraints
            + " found in "
            + SAMPLING_TRIES
            + " random draws from "
            + this
            + "; loosen the constraints or remove large options");
  }

  /** One value per decision, uniformly at random, ignoring constraints. */
  private Architecture sampleUnconstrained(SplittableRandom r) {
    int blocks = pick(convBlocks, r);
    List<ConvBlock> conv = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      conv.add(randomBlock(r));
    }
    int dense = pick(denseLayers, r);
    List<Integer> widths = new ArrayList<>();
    for (int j = 0; j < dense; j++) {
      widths.add(pick(denseWidths, r));
    }
    return new Architecture(conv, widths, pick(dropouts, r));
  }

  private ConvBlock randomBlock(SplittableRandom r) {
    return new ConvBlock(pick(convWidths, r), pick(kernelSizes, r), pick(pooling, r));
  }

  private static <T> T pick(List<T> options, SplittableRandom r) {
    return options.get(r.nextInt(options.size()));
  }

  private static <T> T pickOther(List<T> options, T current, SplittableRandom r) {
    List<T> others = new ArrayList<>(options);
    others.remove(current);
    return others.get(r.nextInt(others.size()));
  }

  /**
   * {@code parent} with exactly one decision changed to another of its options, chosen uniformly
   * among the decisions that have one (the mutation of Real et al. 2019, which changes one op or
   * one connection). Adding a conv block or dense layer appends a random one; removing drops the
   * last. Draws again (up to many times) until the child meets the constraints; returns a fresh
   * sample if no single change does.
   */
  public Architecture mutate(Architecture parent, SplittableRandom random) {
    for (int t = 0; t < 100; t++) {
      Architecture child = mutateOnce(parent, random);
      if (child != null && allows(child)) {
        return child;
      }
    }
    return sample(random);
  }

  private Architecture mutateOnce(Architecture a, SplittableRandom r) {
    // Enumerate the decisions that can change: (kind, position).
    List<int[]> sites = new ArrayList<>();
    if (convBlocks.size() > 1 && convBlocks.contains(a.convBlocks().size())) {
      sites.add(new int[] {0, 0});
    }
    for (int i = 0; i < a.convBlocks().size(); i++) {
      if (convWidths.size() > 1) {
        sites.add(new int[] {1, i});
      }
      if (kernelSizes.size() > 1) {
        sites.add(new int[] {2, i});
      }
      if (pooling.size() > 1) {
        sites.add(new int[] {3, i});
      }
    }
    if (denseLayers.size() > 1 && denseLayers.contains(a.denseWidths().size())) {
      sites.add(new int[] {4, 0});
    }
    if (denseWidths.size() > 1) {
      for (int j = 0; j < a.denseWidths().size(); j++) {
        sites.add(new int[] {5, j});
      }
    }
    if (dropouts.size() > 1) {
      sites.add(new int[] {6, 0});
    }
    if (sites.isEmpty()) {
      return null;
    }
    int[] site = sites.get(r.nextInt(sites.size()));
    List<ConvBlock> conv = new ArrayList<>(a.convBlocks());
    List<Integer> dense = new ArrayList<>(a.denseWidths());
    double dropout = a.dropout();
    int i = site[1];
    switch (site[0]) {
      case 0 -> {
        int n = pickOther(convBlocks, conv.size(), r);
        while (conv.size() > n) {
          conv.remove(conv.size() - 1);
        }
        while (conv.size() < n) {
          conv.add(randomBlock(r));
        }
      }
      case 1 -> {
        ConvBlock b = conv.get(i);
        conv.set(i, new ConvBlock(pickOther(convWidths, b.width(), r), b.kernel(), b.pooling()));
      }
      case 2 -> {
        ConvBlock b = conv.get(i);
        conv.set(i, new ConvBlock(b.width(), pickOther(kernelSizes, b.kernel(), r), b.pooling()));
      }
      case 3 -> {
        ConvBlock b = conv.get(i);
        conv.set(i, new ConvBlock(b.width(), b.kernel(), pickOther(pooling, b.pooling(), r)));
      }
      case 4 -> {
        int n = pickOther(denseLayers, dense.size(), r);
        while (dense.size() > n) {
          dense.remove(dense.size() - 1);
        }
        while (dense.size() < n) {
          dense.add(pick(denseWidths, r));
        }
      }
      case 5 -> dense.set(i, pickOther(denseWidths, dense.get(i), r));
      default -> dropout = pickOther(dropouts, dropout, r);
    }
    return new Architecture(conv, dense, dropout);
  }

  // ---- feasibility ----------------------------------------------------------------------------

  private List<Architecture> enumerateFeasible() {
    List<Architecture> out = new ArrayList<>();
    List<ConvBlock> blockOptions = new ArrayList<>();
    for (int w : convWidths) {
      for (int k : kernelSizes) {
        for (Pooling p : pooling) {
          blockOptions.add(new ConvBlock(w, k, p));
        }
      }
    }
    for (int nb : convBlocks) {
      for (List<ConvBlock> conv : product(blockOptions, nb)) {
        for (int nd : denseLayers) {
          for (List<Integer> dense : product(denseWidths, nd)) {
            for (double d : dropouts) {
              Architecture a = new Architecture(conv, dense, d);
              if (allows(a)) {
                out.add(a);
              }
            }
          }
        }
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static <T> List<List<T>> product(List<T> options, int n) {
    List<List<T>> result = new ArrayList<>();
    result.add(List.of());
    for (int i = 0; i < n; i++) {
      List<List<T>> next = new ArrayList<>();
      for (List<T> prefix : result) {
        for (T o : options) {
          List<T> l = new ArrayList<>(prefix);
          l.add(o);
          next.add(l);
        }
      }
      result = next;
    }
    return result;
  }

  /**
   * For each number of conv blocks and dense layers, the architecture with the smallest option of
   * every other decision (and pooling wherever it fits): the cheapest of each depth.
   */
  List<Architecture> cheapest() {
    List<Architecture> out = new ArrayList<>();
    for (int nb : convBlocks) {
      List<ConvBlock> conv = new ArrayList<>();
      for (int i = 0; i < nb; i++) {
        conv.add(
            new ConvBlock(convWidths.get(0), kernelSizes.get(0), pooling.get(pooling.size() - 1)));
      }
      for (int nd : denseLayers) {
        List<Integer> dense = Collections.nCopies(nd, nd == 0 ? 1 : denseWidths.get(0));
        Architecture a = new Architecture(conv, dense, dropouts.get(0));
        if (fits(a)) {
          out.add(a);
        }
      }
    }
    return out;
  }

  private void checkFeasible() {
    List<Architecture> cheap = cheapest();
    boolean any =
        feasible != null
            ? !feasible.isEmpty()
            : cheap.stream().anyMatch(this::allows) || sampledFeasible(2_000);
    if (any) {
      return;
    }
    long minParams = cheap.stream().mapToLong(this::params).min().orElse(-1);
    long minFlops = cheap.stream().mapToLong(this::flops).min().orElse(-1);
    throw new IllegalArgumentException(
        String.format(
            Locale.ROOT,
            "no architecture in the search space meets %s (checked %s): the least any has is"
                + " %,d params and %,d FLOPs; raise the limits or add smaller options (fewer or"
                + " narrower layers, more pooling)",
            constraints,
            feasible != null
                ? "all " + size() + " architectures"
                : "the cheapest of each depth and 2,000 random ones",
            minParams,
            minFlops));
  }

  /**
   * Checks that the latency limit (if any) can be met: measures the batch-1 latency of the cheapest
   * architecture of each depth that meets the other limits, and fails if even the fastest is over.
   * {@link Search#run()} calls this before the first trial.
   *
   * @throws IllegalArgumentException with the fastest measured latency, if all are over the limit
   */
  public void checkLatencyFeasible() {
    if (!constraints.limitsLatency()) {
      return;
    }
    double fastest = Double.POSITIVE_INFINITY;
    Architecture fastestArch = null;
    for (Architecture a : cheapest()) {
      if (!allows(a)) {
        continue;
      }
      double ms = Latency.measure(build(a, 0), 1, 3, 11).medianMs();
      if (ms < fastest) {
        fastest = ms;
        fastestArch = a;
      }
      if (ms <= constraints.maxLatencyMs()) {
        return;
      }
    }
    throw new IllegalArgumentException(
        String.format(
            Locale.ROOT,
            "no architecture in the search space meets the latency limit of %.3f ms: the cheapest"
                + " ones measure %.3f ms at best (%s) on this machine; raise the limit or add"
                + " smaller options",
            constraints.maxLatencyMs(),
            fastest,
            fastestArch));
  }

  private boolean sampledFeasible(int draws) {
    SplittableRandom r = new SplittableRandom(0);
    for (int i = 0; i < draws; i++) {
      if (allows(sampleUnconstrained(r))) {
        return true;
      }
    }
    return false;
  }

  /** One row per decision: its name and options; the title gives size and constraints. */
  @Override
  public Table table() {
    StringColumn name = StringColumn.create("decision");
    StringColumn options = StringColumn.create("options");
    for (Choice<?> c : choices()) {
      name.append(c.name());
      options.append(c.options().toString());
    }
    return Table.create(
        String.format(
            Locale.ROOT,
            "search space: %,d architectures%s, %s",
            size(),
            feasible == null
                ? ""
                : String.format(Locale.ROOT, " (%,d within limits)", feasible.size()),
            constraints),
        name,
        options);
  }

  @Override
  public String toString() {
    return "SearchSpace"
        + Arrays.toString(inputShape)
        + "→"
        + classes
        + choices().stream().map(Choice::toString).collect(Collectors.joining("; ", "{", "}"))
        + " "
        + constraints;
  }

  /** Collects the choices; {@link #build()} checks that the space is non-empty and feasible. */
  public static final class Builder {
    private final long[] inputShape;
    private int classes = 10;
    private List<Integer> convBlocks = List.of();
    private List<Integer> convWidths = List.of();
    private List<Integer> kernelSizes = List.of();
    private List<Pooling> pooling = List.of();
    private List<Integer> denseLayers = List.of();
    private List<Integer> denseWidths = List.of();
    private List<Double> dropouts = List.of(0.0);
    private Constraints constraints = Constraints.none();

    private Builder(long[] inputShape) {
      if (inputShape.length != 3 && inputShape.length != 1) {
        throw new IllegalArgumentException(
            "give the per-example input shape as [channels, H, W] (or [features] for no conv"
                + " blocks), e.g. builder(1, 28, 28); got "
                + Arrays.toString(inputShape));
      }
      this.inputShape = inputShape.clone();
    }

    /** Number of output classes (default 10). */
    public Builder classes(int classes) {
      if (classes < 2) {
        throw new IllegalArgumentException("need at least 2 classes, got " + classes);
      }
      this.classes = classes;
      return this;
    }

    public Builder convBlocks(int... counts) {
      convBlocks = nonNegative("conv blocks", counts);
      return this;
    }

    public Builder convWidths(int... widths) {
      convWidths = positive("conv widths", widths);
      return this;
    }

    /** Odd kernel sizes (the convolutions use same padding, kernel / 2). */
    public Builder kernelSizes(int... sizes) {
      kernelSizes = positive("kernel sizes", sizes);
      for (int k : sizes) {
        if (k % 2 == 0) {
          throw new IllegalArgumentException(
              "kernel sizes must be odd for same padding; got " + Arrays.toString(sizes));
        }
      }
      return this;
    }

    public Builder pooling(Pooling... options) {
      pooling = List.of(options);
      return this;
    }

    public Builder denseLayers(int... counts) {
      denseLayers = nonNegative("dense layers", counts);
      return this;
    }

    public Builder denseWidths(int... widths) {
      denseWidths = positive("dense widths", widths);
      return this;
    }

    /** Dropout probabilities in [0, 1); 0 means no dropout layer (default: only 0). */
    public Builder dropout(double... ps) {
      List<Double> l = new ArrayList<>();
      for (double p : ps) {
        if (!(p >= 0 && p < 1)) {
          throw new IllegalArgumentException(
              "dropout probabilities must lie in [0, 1); got " + Arrays.toString(ps));
        }
        l.add(p);
      }
      dropouts = l;
      return this;
    }

    public Builder constraints(Constraints c) {
      if (c == null) {
        throw new IllegalArgumentException("constraints are null; use Constraints.none()");
      }
      constraints = c;
      return this;
    }

    private static List<Integer> nonNegative(String what, int[] v) {
      for (int x : v) {
        if (x < 0) {
          throw new IllegalArgumentException(what + " must be >= 0; got " + Arrays.toString(v));
        }
      }
      return Arrays.stream(v).boxed().toList();
    }

    private static List<Integer> positive(String what, int[] v) {
      for (int x : v) {
        if (x < 1) {
          throw new IllegalArgumentException(what + " must be >= 1; got " + Arrays.toString(v));
        }
      }
      return Arrays.stream(v).boxed().toList();
    }

    /**
     * The space.
     *
     * @throws IllegalArgumentException if a decision that is used has no options, or if no
     *     architecture meets the constraints
     */
    public SearchSpace build() {
      List<String> empty = new ArrayList<>();
      if (convBlocks.isEmpty()) {
        empty.add("convBlocks(...)");
      }
      if (denseLayers.isEmpty()) {
        empty.add("denseLayers(...)");
      }
      if (dropouts.isEmpty()) {
        empty.add("dropout(...)");
      }
      boolean anyConv = convBlocks.stream().anyMatch(n -> n > 0);
      if (anyConv) {
        if (convWidths.isEmpty()) {
          empty.add("convWidths(...)");
        }
        if (kernelSizes.isEmpty()) {
          empty.add("kernelSizes(...)");
        }
        if (pooling.isEmpty()) {
          empty.add("pooling(...)");
        }
        if (inputShape.length != 3) {
          throw new IllegalArgumentException(
              "conv blocks need image input [channels, H, W]; the input is "
                  + Arrays.toString(inputShape)
                  + "; use convBlocks(0) or an image shape");
        }
      }
      if (denseLayers.stream().anyMatch(n -> n > 0) && denseWidths.isEmpty()) {
        empty.add("denseWidths(...)");
      }
      if (!empty.isEmpty()) {
        throw new IllegalArgumentException(
            "the search space is empty: no options for "
                + String.join(", ", empty)
                + "; give at least one option each, e.g. convBlocks(1, 2) and denseLayers(0, 1)");
      }
      SearchSpace s = new SearchSpace(this);
      s.checkFeasible();
      return s;
    }
  }
}
