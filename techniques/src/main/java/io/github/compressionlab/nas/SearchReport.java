package io.github.compressionlab.nas;

import io.github.compressionlab.TableView;
import io.github.compressionlab.measure.Comparison;
import io.github.compressionlab.viz.Tables;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The hand-designed model against the one a search found, as the seed's "Old way vs With NAS"
 * table, measured: who designed each model, how many designs were tried (of how many the space
 * allows), how long designing took (the seed's claim beside the seconds the search took here), then
 * test accuracy, parameters, file size and batch-1 latency from two rows of a {@link Comparison}.
 *
 * <pre>{@code
 * Comparison cmp = new Comparison().add("hand-designed", baseline, test).add("found", found, test);
 * new SearchReport(cmp.rows().get(0), cmp.rows().get(1), evo, live.seconds() + evo.seconds())
 * }</pre>
 *
 * @param handDesigned the person's model, measured
 * @param found the searched model (retrained), measured the same way
 * @param search the search that found it (its trials and space)
 * @param searchSeconds wall-clock seconds the search took (all its runs, if it was resumed)
 */
public record SearchReport(
    Comparison.Row handDesigned, Comparison.Row found, SearchResult search, double searchSeconds)
    implements TableView {

  /** The seed's time row: a person takes months, NAS days. */
  public static final String SEED_OLD_TIME = "takes months";

  /** The seed's time row for NAS. */
  public static final String SEED_NAS_TIME = "takes days";

  public SearchReport {
    if (handDesigned == null || found == null || search == null) {
      throw new IllegalArgumentException(
          "a search report needs both models' comparison rows and the search; e.g. new"
              + " SearchReport(cmp.rows().get(0), cmp.rows().get(1), result, result.seconds())");
    }
    if (search.trials().isEmpty()) {
      throw new IllegalArgumentException(
          "the search ran no trials, so it found nothing to report; give it a larger budget");
    }
    if (!(searchSeconds >= 0) || Double.isInfinite(searchSeconds)) {
      throw new IllegalArgumentException(
          "searchSeconds must be the search's measured wall-clock time, a finite number >= 0 (e.g."
              + " result.seconds()); got "
              + searchSeconds);
    }
  }

  /** Designs the search tried: its trials. */
  public int designsTried() {
    return search.trials().size();
  }

  /**
   * One row per fact, a column per way of designing: who designs, designs tried, time to design
   * (the seed's claim, and measured here), test accuracy %, parameters, file KB, batch-1 ms
   * (median). Numbers are written by {@link Tables#number}.
   */
  @Override
  public Table table() {
    long feasible = search.space().feasibleSize();
    String allowed =
        feasible >= 0
            ? " of " + Tables.number(feasible) + " allowed"
            : " of " + Tables.number(search.space().size()) + " in the space";
    StringColumn fact = StringColumn.create("");
    StringColumn old = StringColumn.create("Old way");
    StringColumn nas = StringColumn.create("With NAS");
    add(fact, old, nas, "who designs", "a person", "the search loop, " + search.strategy());
    add(fact, old, nas, "designs tried", "1", Tables.number(designsTried()) + allowed);
    add(fact, old, nas, "time to design (the seed)", SEED_OLD_TIME, SEED_NAS_TIME);
    add(
        fact,
        old,
        nas,
        "time to design (measured here)",
        "not measured",
        Tables.number(searchSeconds) + " s of search");
    add(
        fact,
        old,
        nas,
        "test accuracy %",
        Tables.number(100 * handDesigned.accuracy()),
        Tables.number(100 * found.accuracy()));
    add(
        fact,
        old,
        nas,
        "parameters",
        Tables.number(handDesigned.params()),
        Tables.number(found.params()));
    add(
        fact,
        old,
        nas,
        "file KB",
        Tables.number(handDesigned.fileBytes() / 1024.0),
        Tables.number(found.fileBytes() / 1024.0));
    add(
        fact,
        old,
        nas,
        "batch-1 ms",
        Tables.number(handDesigned.batch1().medianMs()),
        Tables.number(found.batch1().medianMs()));
    return Table.create("Old way vs With NAS", fact, old, nas);
  }

  private static void add(
      StringColumn fact, StringColumn old, StringColumn nas, String name, String a, String b) {
    fact.append(name);
    old.append(a);
    nas.append(b);
  }

  @Override
  public String toString() {
    return Tables.toText(table());
  }
}
