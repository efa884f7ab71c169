package io.github.compressionlab.nn;

import io.github.compressionlab.TableView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/** The per-epoch figures of one {@link Trainer#fit} run. */
public final class History implements TableView {
  private final List<EpochStats> epochs = new ArrayList<>();

  /** A history of recorded epochs, e.g. read back from a model file's metadata. */
  public static History of(List<EpochStats> epochs) {
    History h = new History();
    h.epochs.addAll(epochs);
    return h;
  }

  void add(EpochStats stats) {
    epochs.add(stats);
  }

  public List<EpochStats> epochs() {
    return Collections.unmodifiableList(epochs);
  }

  public int size() {
    return epochs.size();
  }

  /** The last finished epoch. */
  public EpochStats last() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("no epoch has finished yet");
    }
    return epochs.get(epochs.size() - 1);
  }

  public double[] trainLoss() {
    return epochs.stream().mapToDouble(EpochStats::trainLoss).toArray();
  }

  public double[] validationAccuracy() {
    return epochs.stream().mapToDouble(EpochStats::validationAccuracy).toArray();
  }

  /** One row per epoch (1-based): train loss/accuracy, validation loss/accuracy, seconds. */
  @Override
  public Table table() {
    return toTable();
  }

  /** One row per epoch (the same as {@link #table()}). */
  public Table toTable() {
    IntColumn epoch = IntColumn.create("epoch");
    DoubleColumn trainLoss = DoubleColumn.create("train loss");
    DoubleColumn trainAcc = DoubleColumn.create("train acc");
    DoubleColumn valLoss = DoubleColumn.create("val loss");
    DoubleColumn valAcc = DoubleColumn.create("val acc");
    DoubleColumn seconds = DoubleColumn.create("seconds");
    for (EpochStats e : epochs) {
      epoch.append(e.epoch() + 1);
      trainLoss.append(e.trainLoss());
      trainAcc.append(e.trainAccuracy());
      valLoss.append(e.validationLoss());
      valAcc.append(e.validationAccuracy());
      seconds.append(e.seconds());
    }
    // Four decimals for losses and accuracies, one for seconds: what a reader compares.
    for (DoubleColumn c : List.of(trainLoss, trainAcc, valLoss, valAcc)) {
      c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
    }
    seconds.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
    return Table.create("training history", epoch, trainLoss, trainAcc, valLoss, valAcc, seconds);
  }

  @Override
  public String toString() {
    return toTable().print();
  }
}
