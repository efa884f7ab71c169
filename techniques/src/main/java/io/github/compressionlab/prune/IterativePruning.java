package io.github.compressionlab.prune;

import io.github.compressionlab.nn.Evaluation;
import io.github.compressionlab.nn.History;
import io.github.compressionlab.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Prune, retrain, prune again (Han et al. 2015): each round removes more weights with the {@link
 * Pruner}, then fine-tunes with a {@link MaskListener} so the removed weights stay zero.
 *
 * <pre>{@code
 * List<IterativePruning.Round> rounds = IterativePruning.run(model, MagnitudePruner.global(),
 *     List.of(0.5, 0.75, 0.9),
 *     (m, masker) -> new Trainer(m, TrainingConfig.defaults().withListener(masker)).fit(train),
 *     test);
 * }</pre>
 */
public final class IterativePruning {
  /**
   * One round.
   *
   * @param sparsity the target of this round
   * @param accuracyPruned test accuracy right after pruning, before fine-tuning
   * @param accuracyRetrained test accuracy after fine-tuning
   * @param history the fine-tuning history
   */
  public record Round(
      int round,
      double sparsity,
      double accuracyPruned,
      double accuracyRetrained,
      History history,
      Mask mask) {}

  private IterativePruning() {}

  /**
   * Runs one round per target sparsity, in order, changing {@code model} in place. {@code fineTune}
   * trains the model with the given listener among its listeners and returns the history.
   *
   * @throws IllegalArgumentException if a sparsity is outside [0, 1) or the targets decrease
   *     (checked before the model is touched)
   */
  public static List<Round> run(
      Sequential model,
      Pruner pruner,
      List<Double> sparsities,
      BiFunction<Sequential, MaskListener, History> fineTune,
      io.github.compressionlab.data.Dataset test) {
    double previous = 0;
    for (double s : sparsities) {
      Pruner.checkSparsity(s);
      if (s < previous) {
        throw new IllegalArgumentException(
            "iterative pruning targets must not decrease; got " + sparsities);
      }
      previous = s;
    }
    List<Round> rounds = new ArrayList<>();
    int i = 0;
    for (double s : sparsities) {
      Mask mask = pruner.mask(model, s);
      mask.applyTo(model);
      double pruned = Evaluation.of(model, test).accuracy();
      History h = fineTune.apply(model, new MaskListener(mask));
      double retrained = Evaluation.of(model, test).accuracy();
      rounds.add(new Round(++i, s, pruned, retrained, h, mask));
    }
    return rounds;
  }

  /** Round, sparsity, accuracy after pruning and after retraining. */
  public static Table table(List<Round> rounds) {
    IntColumn r = IntColumn.create("round");
    DoubleColumn s = DoubleColumn.create("sparsity");
    DoubleColumn a = DoubleColumn.create("acc pruned");
    DoubleColumn b = DoubleColumn.create("acc retrained");
    for (Round x : rounds) {
      r.append(x.round());
      s.append(x.sparsity());
      a.append(x.accuracyPruned());
      b.append(x.accuracyRetrained());
    }
    return Table.create("Iterative pruning", r, s, a, b);
  }
}
