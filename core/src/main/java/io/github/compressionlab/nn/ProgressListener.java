package io.github.compressionlab.nn;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Shows training progress through a {@link ProgressSink}: one line with epoch, batch, running loss
 * and accuracy, and after each epoch its figures.
 */
public final class ProgressListener implements TrainingListener {
  private final Supplier<ProgressSink> sinks;
  private ProgressSink sink;
  private double lossSum;
  private int batches;
  private String lastEpochLine = "";

  /** Writes to {@link ProgressSink#create()}. */
  public ProgressListener() {
    this(ProgressSink::create);
  }

  public ProgressListener(Supplier<ProgressSink> sinks) {
    this.sinks = sinks;
  }

  @Override
  public void onFitStart(TrainingContext c) {
    sink = sinks.get();
    sink.start(
        String.format(
            Locale.ROOT,
            "training %,d params, %d epochs × %d batches, %s",
            c.model().paramCount(),
            c.epochs(),
            c.batchesPerEpoch(),
            c.optimizer()));
  }

  @Override
  public void onEpochStart(TrainingContext c) {
    lossSum = 0;
    batches = 0;
  }

  @Override
  public void onBatchEnd(TrainingContext c) {
    lossSum += c.loss();
    batches++;
    double fraction =
        (c.epoch() + (c.batchIndex() + 1.0) / c.batchesPerEpoch()) / Math.max(1, c.epochs());
    sink.update(
        String.format(
            Locale.ROOT,
            "epoch %d/%d  batch %d/%d  loss %.4f%s",
            c.epoch() + 1,
            c.epochs(),
            c.batchIndex() + 1,
            c.batchesPerEpoch(),
            lossSum / batches,
            lastEpochLine),
        fraction);
  }

  @Override
  public void onEpochEnd(TrainingContext c) {
    EpochStats e = c.history().last();
    lastEpochLine =
        String.format(
            Locale.ROOT,
            "  | epoch %d: loss %.4f acc %.4f%s %.1fs",
            e.epoch() + 1,
            e.trainLoss(),
            e.trainAccuracy(),
            Double.isNaN(e.validationAccuracy())
                ? ""
                : String.format(Locale.ROOT, " val acc %.4f", e.validationAccuracy()),
            e.seconds());
    sink.update(lastEpochLine.substring(4), (c.epoch() + 1.0) / Math.max(1, c.epochs()));
  }

  @Override
  public void onFitEnd(TrainingContext c) {
    if (sink != null) {
      sink.finish(
          c.history().size() == 0
              ? "training stopped before the first epoch ended"
              : "done" + lastEpochLine);
    }
  }
}
