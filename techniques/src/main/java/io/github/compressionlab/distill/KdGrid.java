package io.github.compressionlab.distill;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.compressionlab.TableView;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.io.AtomicWrite;
import io.github.compressionlab.io.ModelCache;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.TrainingConfig;
import io.github.compressionlab.viz.Charts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.knowm.xchart.HeatMapChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Distillation over a grid of α and T: one student per cell, each from the same initial weights,
 * trained for the same steps on the same data, with its test accuracy and its agreement with the
 * teacher. The learners' map of "trying by hand": {@link #gainHeatmap} shows the accuracy change
 * over hard labels (α = 1, where T plays no part, so that row is trained once), {@link
 * #agreementHeatmap} how often each student predicts what the teacher does. A grid takes many
 * trainings, so it is kept in the model cache ({@link #cached}) like the teacher.
 *
 * @param regime what the students were trained on, for titles
 * @param alphas the rows: weights of the hard term, in [0, 1]
 * @param temperatures the columns, &gt; 0
 * @param accuracy test accuracy per [α][T]
 * @param agreement share of test images where the student's arg-max is the teacher's, per [α][T]
 * @param hardLabels the α = 1 student's test accuracy (the baseline of the gains)
 * @param teacher the teacher's test accuracy
 * @param seconds wall-clock seconds the whole grid took to train
 */
public record KdGrid(
    String regime,
    double[] alphas,
    double[] temperatures,
    double[][] accuracy,
    double[][] agreement,
    double hardLabels,
    double teacher,
    double seconds)
    implements TableView {

  private static final Gson GSON =
      new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create();

  /**
   * Trains the grid: for every (α, T), a student made by {@code students} from the training
   * config's seed, distilled on {@code train} with {@code distiller}'s teacher and training.
   *
   * @throws IllegalArgumentException if an α lies outside [0, 1] or a T is not positive (the
   *     message names it), or a list is empty
   */
  public static KdGrid run(
      String regime,
      Distiller distiller,
      LongFunction<Sequential> students,
      Dataset train,
      Dataset test,
      double[] alphas,
      double[] temperatures) {
    if (alphas == null || alphas.length == 0 || temperatures == null || temperatures.length == 0) {
      throw new IllegalArgumentException(
          "give at least one α and one T, e.g. alphas {0, 0.5, 1} and temperatures {1, 4}");
    }
    for (double a : alphas) {
      for (double t : temperatures) {
        new Kd(a, t); // validates each setting before hours of training, naming the bad one
      }
    }
    long start = System.nanoTime();
    TeacherLogits onTest = distiller.teacher().logits(test);
    double[][] acc = new double[alphas.length][temperatures.length];
    double[][] agree = new double[alphas.length][temperatures.length];
    Transfer hard = null;
    for (int i = 0; i < alphas.length; i++) {
      for (int j = 0; j < temperatures.length; j++) {
        Transfer cell;
        if (alphas[i] == 1 && hard != null) {
          cell = hard;
        } else {
          Kd kd = new Kd(alphas[i], temperatures[j]);
          Sequential s = students.apply(distiller.training().seed());
          Distiller.Run r = distiller.withKd(kd).distill(s, train);
          cell = Transfer.of(kd.toString(), r.student(), onTest, test);
          if (alphas[i] == 1) {
            hard = cell;
          }
        }
        acc[i][j] = cell.accuracy();
        agree[i][j] = cell.agreement();
      }
    }
    if (hard == null) {
      Distiller.Run r =
          distiller.trainHardLabels(students.apply(distiller.training().seed()), train);
      hard = Transfer.of("hard labels", r.student(), onTest, test);
    }
    return new KdGrid(
        regime,
        alphas.clone(),
        temperatures.clone(),
        acc,
        agree,
        hard.accuracy(),
        distiller.teacherAccuracy(test),
        (System.nanoTime() - start) / 1e9);
  }

  /**
   * The grid stored in the model cache as {@code kdgrid-<key>.json} (the learner's cache or the
   * shared one), else computed by {@code compute} and stored in the learner's cache (atomically).
   * Make {@code key} name everything the grid depends on: {@link #key} does.
   */
  public static KdGrid cached(String key, Supplier<KdGrid> compute) {
    String fileName = ("kdgrid-" + key + ".json").replaceAll("[^A-Za-z0-9._-]", "_");
    Path file = ModelCache.resolve(fileName);
    if (Files.isRegularFile(file)) {
      try {
        KdGrid g = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), KdGrid.class);
        g.check();
        return g;
      } catch (IOException | RuntimeException e) {
        System.out.println("The cached grid " + file + " is unusable (" + e.getMessage() + ").");
      }
    }
    KdGrid g = compute.get();
    Path target = ModelCache.root().resolve(fileName);
    try {
      Files.createDirectories(target.getParent());
      AtomicWrite.write(target, GSON.toJson(g).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the grid in " + target, e);
    }
    return g;
  }

  /**
   * A cache key naming a grid's inputs: the regime, the teacher's file, the student, the training
   * set's size and labels, the training config and the grid.
   */
  public static String key(
      String regime,
      String teacherFile,
      String student,
      Dataset train,
      TrainingConfig training,
      double[] alphas,
      double[] temperatures) {
    return String.format(
        Locale.ROOT,
        "%s-%s-%s-n%d-%08x-e%d-b%d-lr%s-s%d-%08x",
        regime,
        teacherFile.replaceFirst("\\.safetensors$", ""),
        student,
        train.size(),
        Arrays.hashCode(train.labels()),
        training.epochs(),
        training.batchSize(),
        training.learningRate(),
        training.seed(),
        31 * Arrays.hashCode(alphas) + Arrays.hashCode(temperatures));
  }

  private void check() {
    if (alphas == null
        || temperatures == null
        || accuracy == null
        || agreement == null
        || accuracy.length != alphas.length
        || agreement.length != alphas.length
        || Arrays.stream(accuracy).anyMatch(r -> r.length != temperatures.length)
        || Arrays.stream(agreement).anyMatch(r -> r.length != temperatures.length)) {
      throw new IllegalArgumentException("its α × T tables do not match its α and T lists");
    }
  }

  /** The best cell: {α, T, accuracy}. */
  public double[] best() {
    double[] b = {alphas[0], temperatures[0], accuracy[0][0]};
    for (int i = 0; i < alphas.length; i++) {
      for (int j = 0; j < temperatures.length; j++) {
        if (accuracy[i][j] > b[2]) {
          b = new double[] {alphas[i], temperatures[j], accuracy[i][j]};
        }
      }
    }
    return b;
  }

  /** Test accuracy at (α, T), which must be a grid point. */
  public double accuracyAt(double alpha, double temperature) {
    return accuracy[index(alphas, alpha, "α")][index(temperatures, temperature, "T")];
  }

  /** Mean accuracy over the grid's α (excluding α = 1) at each temperature, in column order. */
  public double[] meanAccuracyByTemperature() {
    return meanByTemperature(accuracy);
  }

  /** Mean agreement with the teacher over the grid's α (excluding α = 1) at each temperature. */
  public double[] meanAgreementByTemperature() {
    return meanByTemperature(agreement);
  }

  private double[] meanByTemperature(double[][] m) {
    double[] out = new double[temperatures.length];
    for (int j = 0; j < temperatures.length; j++) {
      double sum = 0;
      int n = 0;
      for (int i = 0; i < alphas.length; i++) {
        if (alphas[i] != 1) {
          sum += m[i][j];
          n++;
        }
      }
      out[j] = n == 0 ? Double.NaN : sum / n;
    }
    return out;
  }

  /** Mean accuracy over the temperatures at each α, in row order. */
  public double[] meanAccuracyByAlpha() {
    double[] out = new double[alphas.length];
    for (int i = 0; i < alphas.length; i++) {
      out[i] = Arrays.stream(accuracy[i]).average().orElse(Double.NaN);
    }
    return out;
  }

  /**
   * The seed's two claims tested on this grid, one row each: "higher temperature = more knowledge
   * transferred" (mean accuracy and agreement over α &lt; 1 at the lowest and the highest T) and "α
   * = 0.1 is usual" (where α = 0.1 ranks among the α by mean accuracy over T). The last column says
   * whether the claim held here.
   */
  public Table claims() {
    tech.tablesaw.api.StringColumn claim = tech.tablesaw.api.StringColumn.create("claim");
    tech.tablesaw.api.StringColumn measured = tech.tablesaw.api.StringColumn.create("measured");
    tech.tablesaw.api.StringColumn held = tech.tablesaw.api.StringColumn.create("held here");
    double[] acc = meanAccuracyByTemperature();
    double[] agr = meanAgreementByTemperature();
    int lo = argMin(temperatures);
    int hi = argMax(temperatures);
    claim.append("higher T transfers more");
    measured.append(
        String.format(
            Locale.ROOT,
            "T=%s: accuracy %.2f%%, agreement %.2f%%; T=%s: accuracy %.2f%%, agreement %.2f%%",
            name(temperatures[lo]),
            100 * acc[lo],
            100 * agr[lo],
            name(temperatures[hi]),
            100 * acc[hi],
            100 * agr[hi]));
    held.append(acc[hi] > acc[lo] && agr[hi] > agr[lo] ? "yes" : "no");
    double[] byAlpha = meanAccuracyByAlpha();
    Integer[] order = new Integer[alphas.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(byAlpha[y], byAlpha[x]));
    int rank = -1;
    for (int r = 0; r < order.length; r++) {
      if (alphas[order[r]] == 0.1) {
        rank = r + 1;
      }
    }
    claim.append("alpha = 0.1 is the usual choice");
    if (rank < 0) {
      measured.append("the grid has no α = 0.1");
      held.append("not tested");
    } else {
      measured.append(
          String.format(
              Locale.ROOT,
              "α = 0.1 ranks %d of %d (mean accuracy %.2f%%); best α = %s (%.2f%%)",
              rank,
              alphas.length,
              100 * byAlpha[order[rank - 1]],
              name(alphas[order[0]]),
              100 * byAlpha[order[0]]));
      held.append(rank == 1 ? "yes" : "no");
    }
    return Table.create(regime + ": the seed's claims, tested", claim, measured, held);
  }

  private static int argMin(double[] v) {
    int b = 0;
    for (int i = 1; i < v.length; i++) {
      b = v[i] < v[b] ? i : b;
    }
    return b;
  }

  private static int argMax(double[] v) {
    int b = 0;
    for (int i = 1; i < v.length; i++) {
      b = v[i] > v[b] ? i : b;
    }
    return b;
  }

  private static int index(double[] values, double v, String what) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == v) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        what + " = " + v + " is not in the grid; it has " + Arrays.toString(values));
  }

  /** The accuracy change over hard labels, in points, as a heat map (red: gain, blue: loss). */
  public HeatMapChart gainHeatmap() {
    double[][] gain = new double[alphas.length][temperatures.length];
    for (int i = 0; i < alphas.length; i++) {
      for (int j = 0; j < temperatures.length; j++) {
        gain[i][j] = 100 * (accuracy[i][j] - hardLabels);
      }
    }
    return Charts.heatmap(
        String.format(
            Locale.ROOT,
            "%s: accuracy change over hard labels (%.2f%%), points",
            regime,
            100 * hardLabels),
        "temperature T",
        "alpha (weight of the hard term)",
        names(temperatures),
        names(alphas),
        gain,
        "+0.00;-0.00",
        true);
  }

  /** Agreement with the teacher, as a heat map. */
  public HeatMapChart agreementHeatmap() {
    return Charts.heatmap(
        regime + ": agreement with the teacher's predictions",
        "temperature T",
        "alpha (weight of the hard term)",
        names(temperatures),
        names(alphas),
        agreement,
        "0.000",
        false);
  }

  private static List<String> names(double[] values) {
    List<String> out = new ArrayList<>();
    for (double v : values) {
      out.add(name(v));
    }
    return out;
  }

  /** A grid value as an axis label: 4 rather than 4.0. */
  private static String name(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** One row per (α, T): accuracy, change over hard labels, agreement. */
  @Override
  public Table table() {
    DoubleColumn a = DoubleColumn.create("alpha");
    DoubleColumn t = DoubleColumn.create("T");
    DoubleColumn acc = DoubleColumn.create("accuracy");
    DoubleColumn gain = DoubleColumn.create("change over hard labels (points)");
    DoubleColumn agree = DoubleColumn.create("agreement with teacher");
    for (int i = 0; i < alphas.length; i++) {
      for (int j = 0; j < temperatures.length; j++) {
        a.append(alphas[i]);
        t.append(temperatures[j]);
        acc.append(accuracy[i][j]);
        gain.append(100 * (accuracy[i][j] - hardLabels));
        agree.append(agreement[i][j]);
      }
    }
    return Table.create(regime + ": α × T grid", a, t, acc, gain, agree);
  }

  @Override
  public String toString() {
    double[] b = best();
    return String.format(
        Locale.ROOT,
        "KdGrid[%s: %d α x %d T, hard labels %.4f, best %.4f at α=%s T=%s, %.0f s]",
        regime,
        alphas.length,
        temperatures.length,
        hardLabels,
        b[2],
        b[0],
        b[1],
        seconds);
  }
}
