package io.github.compressionlab.quant.deep;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.History;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;
import io.github.compressionlab.nn.TrainingListener;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Stages two and three of Deep Compression (Han, Mao and Dally, ICLR 2016) in one call, for a model
 * that is already pruned and trained: share weights by k-means ({@link WeightSharing}), fine-tune
 * the centroids ({@link CentroidTuning}; biases train with Adam at the same time), and report how
 * many bytes each stage takes ({@link #breakdown}). Write the result with {@link
 * DeepCompressedFile#write}.
 *
 * <pre>{@code
 * DeepCompression.Result r = DeepCompression.builder()
 *     .sharing(WeightSharing.defaults().denseBits(4))
 *     .fineTuning(TrainingConfig.builder().epochs(2).learningRate(1e-4).seed(42).build())
 *     .build().run(prunedModel, train);
 * DeepCompressedFile.write(r.model(), Path.of("lenet.cldc"));
 * DeepCompression.breakdown(r.model());   // bytes per layer: dense, CSR, shared, Huffman
 * }</pre>
 */
public final class DeepCompression {
  /**
   * The fine-tuning {@link Builder} starts from: one epoch, Adam 1e-4 on the unshared parameters
   * (biases), batch 128, seed 0.
   */
  public static final TrainingConfig DEFAULT_FINE_TUNING =
      TrainingConfig.builder().epochs(1).learningRate(1e-4).batchSize(128).seed(0).build();

  private final WeightSharing sharing;
  private final double centroidLearningRate;
  private final CentroidTuning.Update update;
  private final TrainingConfig fineTuning; // null: share without fine-tuning

  private DeepCompression(Builder b) {
    this.sharing = b.sharing;
    this.centroidLearningRate = b.centroidLearningRate;
    this.update = b.update;
    this.fineTuning = b.fineTuning;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * What {@link #run} produced.
   *
   * @param model the weight-shared, fine-tuned model (the input model, changed in place)
   * @param shared its codebooks
   * @param history the centroid fine-tuning epochs (empty for 0 epochs)
   * @param layers per-tensor storage, as {@link DeepCompressedFile} would write it
   */
  public record Result(
      Sequential model,
      SharedWeights shared,
      History history,
      List<DeepCompressedFile.TensorLayout> layers) {
    /** Bytes of all tensor bodies in the file (the file adds its header and checksum). */
    public long tensorBytes() {
      return layers.stream().mapToLong(DeepCompressedFile.TensorLayout::bytes).sum();
    }
  }

  /**
   * Shares the weights of {@code pruned} (in place) and fine-tunes the centroids on {@code train}
   * for the configured epochs.
   */
  public Result run(Sequential pruned, Dataset train) {
    SharedWeights shared = sharing.apply(pruned);
    History history = new History();
    if (fineTuning != null) {
      TrainingListener tuning = new CentroidTuning(shared, update, centroidLearningRate);
      history = new Trainer(pruned, fineTuning.withListener(tuning)).fit(train);
    }
    return new Result(pruned, shared, history, DeepCompressedFile.layout(pruned));
  }

  /**
   * Bytes of each parameter at each stage: dense float32; after pruning, as compressed sparse rows
   * the way the pruning package stores them (float32 value and one-byte relative column per entry,
   * zero padding entries for gaps over 255 columns, int32 row pointers; float32 for tensors where
   * CSR would be bigger); after weight sharing in Han's fixed-width form ({@link
   * DeepCompressedFile.TensorLayout#fixedWidthBytes}); and after Huffman coding (the tensor's bytes
   * in the {@link DeepCompressedFile}). A last row sums each column; ratios are to dense.
   */
  public static Table breakdown(Sequential model) {
    StringColumn name = StringColumn.create("parameter");
    LongColumn size = LongColumn.create("weights");
    LongColumn nnz = LongColumn.create("non-zero");
    IntColumn bits = IntColumn.create("bits");
    LongColumn dense = LongColumn.create("dense f32 bytes");
    LongColumn csr = LongColumn.create("pruned CSR bytes");
    LongColumn fixed = LongColumn.create("shared bytes");
    LongColumn huff = LongColumn.create("Huffman bytes");
    DoubleColumn ratio = DoubleColumn.create("ratio");
    long[] total = new long[6];
    for (DeepCompressedFile.TensorLayout t : DeepCompressedFile.layout(model)) {
      long c = csrBytes(model.parameter(t.name()).value());
      long[] row = {t.size(), t.nonZeros(), 4 * t.size(), c, t.fixedWidthBytes(), t.bytes()};
      name.append(t.name());
      size.append(row[0]);
      nnz.append(row[1]);
      bits.append(t.shared() ? t.bits() : 32);
      dense.append(row[2]);
      csr.append(row[3]);
      fixed.append(row[4]);
      huff.append(row[5]);
      ratio.append((double) row[2] / row[5]);
      for (int i = 0; i < total.length; i++) {
        total[i] += row[i];
      }
    }
    name.append("total");
    size.append(total[0]);
    nnz.append(total[1]);
    bits.appendMissing();
    dense.append(total[2]);
    csr.append(total[3]);
    fixed.append(total[4]);
    huff.append(total[5]);
    ratio.append((double) total[2] / total[5]);
    ratio.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
    return Table.create(
        "Deep Compression bytes per parameter",
        name,
        size,
        nnz,
        bits,
        dense,
        csr,
        fixed,
        huff,
        ratio);
  }

  /** CSR bytes as the pruning package's sparse file stores a tensor (or float32 if smaller). */
  static long csrBytes(org.nd4j.linalg.api.ndarray.INDArray value) {
    long n = value.length();
    if (value.rank() < 2) {
      return 4 * n;
    }
    long rows = value.size(0);
    long cols = n / rows;
    float[] v = value.dup('c').data().asFloat();
    long entries = 0;
    for (long r = 0; r < rows; r++) {
      long prev = -1;
      for (long c = 0; c < cols; c++) {
        if (v[(int) (r * cols + c)] != 0f) {
          entries += (c - prev - 1) / 255 + 1;
          prev = c;
        }
      }
    }
    long bytes = 5 * entries + 4 * (rows + 1);
    return Math.min(bytes, 4 * n);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "DeepCompression(%s, %s, centroids %s lr %g)",
        sharing,
        fineTuning == null ? "no fine-tuning" : fineTuning,
        update,
        centroidLearningRate);
  }

  /**
   * Settings; defaults: Han's 5/8 bits, centroids moved by Adam at 1e-4, fine-tuning {@link
   * #DEFAULT_FINE_TUNING}.
   */
  public static final class Builder {
    private WeightSharing sharing = WeightSharing.defaults();
    private double centroidLearningRate = 1e-4;
    private CentroidTuning.Update update = CentroidTuning.Update.ADAM;
    private TrainingConfig fineTuning = DEFAULT_FINE_TUNING;

    private Builder() {}

    public Builder sharing(WeightSharing sharing) {
      this.sharing = Objects.requireNonNull(sharing, "sharing");
      return this;
    }

    /** How centroids move along their summed gradient, and how far. */
    public Builder centroidUpdate(CentroidTuning.Update update, double learningRate) {
      if (update == null || !(learningRate > 0)) {
        throw new IllegalArgumentException(
            "centroids need an update rule and a learning rate > 0, e.g."
                + " centroidUpdate(CentroidTuning.Update.ADAM, 1e-4); got "
                + update
                + ", "
                + learningRate);
      }
      this.update = update;
      this.centroidLearningRate = learningRate;
      return this;
    }

    /**
     * How the centroids and biases are fine-tuned after sharing: epochs, optimizer of the unshared
     * parameters, batch size, seed, progress.
     */
    public Builder fineTuning(TrainingConfig fineTuning) {
      this.fineTuning = Objects.requireNonNull(fineTuning, "fineTuning");
      return this;
    }

    /** Shares the weights without fine-tuning the centroids. */
    public Builder withoutFineTuning() {
      this.fineTuning = null;
      return this;
    }

    public DeepCompression build() {
      return new DeepCompression(this);
    }
  }
}
