package io.github.compressionlab.bench;

import io.github.compressionlab.Profile;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.data.FashionMnist;
import io.github.compressionlab.io.ModelCache;
import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.nn.Evaluation;
import io.github.compressionlab.nn.ReferenceModels;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;
import io.github.compressionlab.nn.TrainingListener;
import io.github.compressionlab.prune.Agp;
import io.github.compressionlab.prune.MagnitudePruner;
import io.github.compressionlab.prune.Mask;
import io.github.compressionlab.prune.MaskListener;
import io.github.compressionlab.prune.SparseModelFile;
import io.github.compressionlab.quant.deep.DeepCompressedFile;
import io.github.compressionlab.quant.deep.DeepCompression;
import io.github.compressionlab.quant.deep.WeightSharing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tech.tablesaw.api.Table;

/**
 * The whole Deep Compression pipeline (Han, Mao and Dally, ICLR 2016) on LeNet-300-100 and
 * Fashion-MNIST: train dense, prune layer-wise to Han's rates (fc1 92%, fc2 91%, fc3 74%) with AGP
 * and fine-tune, share the weights by k-means (3 bits for every Dense layer by default, one bit
 * more, up to 5, while centroid tuning ends more than 0.2 points below the pruned model), fine-tune
 * the centroids, write a {@link DeepCompressedFile}, read it back and score the read model on the
 * test set. Targets: file ≥ 40× smaller than the dense float32 {@link ModelFile}, accuracy loss ≤
 * 0.5 points.
 *
 * <p>Measured (full, seed 42, 2026-11-28, 2 busy cores, 13 min): dense 0.8892, pruned 91.8% 0.8888,
 * 3-bit shared and tuned, read back from the file 0.8886 (−0.06 points); dense file 1,067,688
 * bytes, Deep Compression file 23,845 bytes = 44.8× (4 bits: 26,381 bytes = 40.5×, 0.8890).
 *
 * <p>Usage: {@code DeepCompressionBench [--quick] [--epochs N] [--seed S] [--bits B]} ({@code
 * --help} lists the options). The dense baseline uses the lab's recipe (Adam 1e-3, batch 128,
 * {@code N = 10} epochs, seed 42, as PruneBench and QuantBench; cached in the {@link ModelCache});
 * pruning takes 4 AGP epochs plus 3 fine-tuning epochs, centroid tuning 2 epochs. {@code --quick}
 * (or {@code LAB_PROFILE=quick}) runs one epoch per stage on 6,000 training and 2,000 test images.
 * {@link #run} holds the logic and returns a {@link Result}, for the lead's pipeline bench.
 */
@Command(
    name = "deepCompression",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = {
      "Deep Compression of LeNet-300-100: prune, share weights, Huffman-code, read the file back:"
          + " bytes per stage and accuracy."
    })
public final class DeepCompressionBench implements Callable<Integer> {
  @Option(
      names = "--quick",
      description = "one epoch per stage on 6,000/2,000 images (also LAB_PROFILE=quick)")
  boolean quick = Profile.current() == Profile.QUICK;

  @Option(
      names = "--epochs",
      description = "epochs of the dense baseline (default: ${DEFAULT-VALUE})")
  int epochs = 10;

  @Option(
      names = "--seed",
      description = "seed of the baseline and the fine-tunings (default: ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(
      names = "--bits",
      description = "bits per Dense layer for weight sharing (default: ${DEFAULT-VALUE})")
  int bits = 3;

  /** Han et al.'s layer-wise pruning rates for LeNet-300-100 (Table 2 of the paper). */
  static final Map<String, Double> SPARSITY = sparsity();

  private static Map<String, Double> sparsity() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("fc1", 0.92);
    m.put("fc2", 0.91);
    m.put("fc3", 0.74);
    return m;
  }

  /**
   * Settings of one run.
   *
   * @param quick small data, one epoch per stage
   * @param denseEpochs epochs of the dense baseline
   * @param seed seed of the baseline, of every fine-tuning's shuffling (offset per stage)
   * @param bits bits per Dense layer for weight sharing (falls back to 5 if sharing loses more than
   *     0.2 points)
   */
  public record Options(boolean quick, int denseEpochs, long seed, int bits) {
    public Options {
      if (denseEpochs < 1 || bits < 1 || bits > 8) {
        throw new IllegalArgumentException(
            "need --epochs >= 1 and --bits in 1..8; got " + denseEpochs + " and " + bits);
      }
    }
  }

  /**
   * The figures of one run.
   *
   * @param denseFileBytes the dense model as a float32 {@link ModelFile}
   * @param sparseFileBytes the pruned model as a CSR {@link SparseModelFile}
   * @param compressedFileBytes the {@link DeepCompressedFile}
   * @param denseAccuracy dense test accuracy
   * @param prunedAccuracy after pruning and fine-tuning
   * @param sharedAccuracy right after weight sharing, before centroid tuning
   * @param compressedAccuracy of the model read back from the compressed file
   * @param bits bits per Dense layer used
   * @param sparsity fraction of Dense weights that are zero
   * @param breakdown bytes per layer and stage ({@link DeepCompression#breakdown})
   * @param seconds wall-clock time of the run
   */
  public record Result(
      long denseFileBytes,
      long sparseFileBytes,
      long compressedFileBytes,
      double denseAccuracy,
      double prunedAccuracy,
      double sharedAccuracy,
      double compressedAccuracy,
      int bits,
      double sparsity,
      Table breakdown,
      double seconds) {
    public double ratio() {
      return (double) denseFileBytes / compressedFileBytes;
    }

    /** Accuracy lost, in percentage points (positive = worse). */
    public double lossPoints() {
      return 100 * (denseAccuracy - compressedAccuracy);
    }
  }

  public static void main(String[] args) {
    Cli.main(new DeepCompressionBench(), args);
  }

  @Override
  public Integer call() throws IOException {
    Result r = run(new Options(quick, quick ? 1 : epochs, seed, bits));
    System.out.println(r.breakdown().print());
    System.out.printf(
        Locale.ROOT,
        "dense float32 file %,d bytes; CSR sparse file %,d bytes; Deep Compression file %,d bytes"
            + " = %.1fx smaller (target ≥ 40x: %s)%n",
        r.denseFileBytes(),
        r.sparseFileBytes(),
        r.compressedFileBytes(),
        r.ratio(),
        r.ratio() >= 40 ? "met" : "NOT met");
    System.out.printf(
        Locale.ROOT,
        "accuracy: dense %.4f, pruned %.4f, shared %d bits %.4f, read back from file %.4f ="
            + " %+.2f points (target loss ≤ 0.5: %s)%n",
        r.denseAccuracy(),
        r.prunedAccuracy(),
        r.bits(),
        r.sharedAccuracy(),
        r.compressedAccuracy(),
        -r.lossPoints(),
        r.lossPoints() <= 0.5 ? "met" : "NOT met");
    System.out.printf(
        Locale.ROOT, "weight sparsity %.2f%%; total %.0f s%n", 100 * r.sparsity(), r.seconds());
    return 0;
  }

  /** Runs the pipeline and returns its figures. */
  public static Result run(Options o) throws IOException {
    long t0 = System.nanoTime();
    Dataset train = o.quick() ? FashionMnist.train().sample(6000, o.seed()) : FashionMnist.train();
    Dataset test = o.quick() ? FashionMnist.test().subset(0, 2000) : FashionMnist.test();
    System.out.printf(
        Locale.ROOT,
        "DeepCompressionBench (%s): %,d train, %,d test images, seed %d%n",
        o.quick() ? "quick" : "full",
        train.size(),
        test.size(),
        o.seed());
    int stage = o.quick() ? 1 : 0;

    // 1. dense baseline (the lab's LeNet recipe, cached)
    Sequential dense = baseline(train, o);
    double accDense = accuracy(dense, test);
    System.out.printf(Locale.ROOT, "dense: accuracy %.4f%n", accDense);

    // 2. prune layer-wise with AGP, then fine-tune with the mask
    Sequential pruned = dense.copy();
    int perEpoch = (train.size() + 127) / 128;
    int agpEpochs = stage == 1 ? 1 : 4;
    List<Agp> agps =
        SPARSITY.entrySet().stream()
            .map(
                e ->
                    new Agp(
                        MagnitudePruner.perLayer().layers(e.getKey()),
                        Agp.Schedule.to(e.getValue())
                            .steps(0, (long) perEpoch * Math.max(1, agpEpochs - 1))
                            .every(Math.max(1, perEpoch / 10))))
            .toList();
    fit(pruned, agps, agpEpochs, 1e-3, o.seed() + 1, train);
    Mask mask = Mask.empty();
    for (Agp a : agps) {
      mask = mask.with(a.mask());
    }
    mask.applyTo(pruned);
    fit(pruned, List.of(new MaskListener(mask)), stage == 1 ? 1 : 3, 1e-4, o.seed() + 2, train);
    double accPruned = accuracy(pruned, test);
    System.out.printf(
        Locale.ROOT,
        "pruned (fc1 %.0f%%, fc2 %.0f%%, fc3 %.0f%%; overall %.2f%%): accuracy %.4f%n",
        100 * mask.sparsity("fc1.weight"),
        100 * mask.sparsity("fc2.weight"),
        100 * mask.sparsity("fc3.weight"),
        100 * mask.sparsity(),
        accPruned);

    // 3. share weights, fine-tune centroids; fall back to 5 bits if too much is lost
    Path dir = Files.createTempDirectory("deep-compression-bench");
    try {
      int bits = o.bits();
      Sequential shared;
      double accShared;
      double accTuned;
      while (true) {
        shared = pruned.copy();
        WeightSharing sharing = WeightSharing.defaults().denseBits(bits);
        Sequential probe = pruned.copy();
        sharing.apply(probe);
        accShared = accuracy(probe, test);
        DeepCompression.Result r =
            DeepCompression.builder()
                .sharing(sharing)
                .fineTuning(
                    DeepCompression.DEFAULT_FINE_TUNING.toBuilder()
                        .epochs(stage == 1 ? 1 : 2)
                        .seed(o.seed() + 3)
                        .build())
                .build()
                .run(shared, train);
        accTuned = accuracy(r.model(), test);
        System.out.printf(
            Locale.ROOT,
            "shared %d bits: accuracy %.4f right after k-means, %.4f after centroid tuning%n",
            bits,
            accShared,
            accTuned);
        // sharing should cost (almost) nothing on top of pruning
        if (accPruned - accTuned <= 0.002 || bits >= 5) {
          break;
        }
        bits++;
      }

      // 4. files: dense float32, CSR sparse, Deep Compression; read back and score
      Path denseFile = dir.resolve("dense.safetensors");
      ModelFile.save(dense, denseFile, Map.of());
      long denseBytes = Files.size(denseFile);
      long sparseBytes = SparseModelFile.save(pruned, dir.resolve("pruned.sparse.safetensors"));
      Path file = dir.resolve("lenet.cldc");
      long bytes =
          DeepCompressedFile.write(
              shared,
              file,
              Map.of("bits", Integer.toString(bits), "seed", Long.toString(o.seed())));
      Sequential back = DeepCompressedFile.read(file);
      double accBack = accuracy(back, test);
      System.out.printf(
          Locale.ROOT,
          "read back from file: accuracy %.4f (in-memory shared model %.4f)%n",
          accBack,
          accTuned);
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new Result(
          denseBytes,
          sparseBytes,
          bytes,
          accDense,
          accPruned,
          accShared,
          accBack,
          bits,
          mask.sparsity(),
          DeepCompression.breakdown(back),
          seconds);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  /** LeNet-300-100, Adam 1e-3, batch 128, the given epochs and seed; cached. */
  private static Sequential baseline(Dataset train, Options o) {
    Sequential arch = ReferenceModels.lenet300100(o.seed());
    String key =
        ModelCache.key("lenet300100", arch, o.seed())
            + (o.quick() ? "-dc-quick" : "-e" + o.denseEpochs());
    return ModelCache.loadOrTrain(
        key,
        () -> {
          Sequential m = ReferenceModels.lenet300100(o.seed());
          fit(m, List.of(), o.denseEpochs(), 1e-3, o.seed(), train);
          return m;
        });
  }

  private static void fit(
      Sequential m,
      List<? extends TrainingListener> listeners,
      int epochs,
      double lr,
      long seed,
      Dataset train) {
    TrainingConfig config =
        TrainingConfig.builder()
            .learningRate(lr)
            .epochs(epochs)
            .batchSize(128)
            .seed(seed)
            .listeners(listeners)
            .showProgress(System.console() != null)
            .build();
    new Trainer(m, config).fit(train);
  }

  private static double accuracy(Sequential m, Dataset test) {
    return Evaluation.of(m, test).accuracy();
  }
}
