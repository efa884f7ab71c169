package io.github.compressionlab.bench;

import io.github.compressionlab.Profile;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.data.FashionMnist;
import io.github.compressionlab.measure.Latency;
import io.github.compressionlab.measure.LatencyResult;
import io.github.compressionlab.nn.EpochStats;
import io.github.compressionlab.nn.Evaluation;
import io.github.compressionlab.nn.History;
import io.github.compressionlab.nn.ReferenceModels;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;
import io.github.compressionlab.viz.Numbers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Trains LeNet-300-100 and the small CNN on the full Fashion-MNIST training set (Adam 1e-3, batch
 * 128) and prints the median seconds per epoch, batch-1 inference latency (median and p90, after
 * warm-up) and test accuracy.
 *
 * <p>Usage: {@code TrainBench [--quick] [--only lenet|cnn] [lenetEpochs [cnnEpochs]]} ({@code
 * --help} lists the options); defaults 15 and 12 epochs, where the accuracy targets (88% and 90%)
 * are reached: after 5 epochs LeNet is at about 87.5% and the CNN at about 89%; LeNet crosses 88%
 * between epochs 6 and 10 and the CNN 90% between epochs 7 and 12, depending on the seed (measured:
 * 89.2% after 15, 90.3% after 12). The progress bar is shown only on a terminal. {@code --quick}
 * (or {@code LAB_PROFILE=quick}) trains one epoch on 10,000 examples.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = {
      "Trains LeNet-300-100 and the small CNN on Fashion-MNIST: seconds per epoch, batch-1 latency"
          + " and test accuracy."
    })
public final class TrainBench implements Callable<Integer> {
  /** The models the bench can train. */
  enum Model {
    lenet,
    cnn
  }

  @Option(names = "--quick", description = "one epoch on 10,000 examples (also LAB_PROFILE=quick)")
  boolean quick = Profile.current() == Profile.QUICK;

  @Option(
      names = "--only",
      paramLabel = "MODEL",
      description = "train one model only: ${COMPLETION-CANDIDATES}")
  Model only;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "lenetEpochs",
      defaultValue = "15",
      description = "epochs of LeNet-300-100 (default: ${DEFAULT-VALUE})")
  int lenetEpochs;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "cnnEpochs",
      defaultValue = "12",
      description = "epochs of the small CNN (default: ${DEFAULT-VALUE})")
  int cnnEpochs;

  public static void main(String[] args) {
    Cli.main(new TrainBench(), args);
  }

  @Override
  public Integer call() {
    if (quick) {
      lenetEpochs = 1;
      cnnEpochs = 1;
    }

    long t0 = System.nanoTime();
    Dataset train = FashionMnist.train();
    Dataset test = FashionMnist.test();
    if (quick) {
      train = train.subset(0, 10_000);
    }
    System.out.printf(
        Locale.ROOT,
        "data: %d train, %d test examples, loaded in %.1f s%n",
        train.size(),
        test.size(),
        (System.nanoTime() - t0) / 1e9);
    if (only == null || only == Model.lenet) {
      run("LeNet-300-100", ReferenceModels::lenet300100, lenetEpochs, train, test);
    }
    if (only == null || only == Model.cnn) {
      run("small CNN", ReferenceModels::smallCnn, cnnEpochs, train, test);
    }
    return 0;
  }

  private static void run(
      String name, LongFunction<Sequential> factory, int epochs, Dataset train, Dataset test) {
    Sequential model = factory.apply(42);
    System.out.printf(
        Locale.ROOT,
        "%n== %s: %,d params, %,d FLOPs/example ==%n",
        name,
        model.paramCount(),
        model.flops());
    TrainingConfig config =
        TrainingConfig.builder()
            .learningRate(1e-3)
            .epochs(epochs)
            .batchSize(128)
            .seed(1)
            .showProgress(System.console() != null)
            .build();
    History h = new Trainer(model, config).fit(train);
    double[] seconds = h.epochs().stream().mapToDouble(EpochStats::seconds).toArray();
    Evaluation ev = Evaluation.of(model, test);
    double[] latency = latencyMicros(model, test, 300, 2000);
    System.out.printf(
        Locale.ROOT,
        "%s: epoch seconds %s, median %.2f s | test accuracy %.4f | batch-1 latency median %.0f µs,"
            + " p90 %.0f µs%n",
        name,
        Arrays.toString(Numbers.round(seconds, 2)),
        median(seconds),
        ev.accuracy(),
        latency[0],
        latency[1]);
  }

  /** Median and p90 of single-example predictions on the first 100 images, in microseconds. */
  static double[] latencyMicros(Sequential model, Dataset data, int warmup, int repeats) {
    List<INDArray> singles = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      singles.add(data.images().get(NDArrayIndex.interval(i, i + 1)));
    }
    LatencyResult r = Latency.measure(model, singles, warmup, repeats);
    return new double[] {1000 * r.medianMs(), 1000 * r.p90Ms()};
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
