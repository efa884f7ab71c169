package io.github.compressionlab.distill;

import io.github.compressionlab.TableView;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.viz.ChartRow;
import io.github.compressionlab.viz.Charts;
import io.github.compressionlab.viz.Numbers;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Soft labels: a model's class probabilities {@code softmax(z / T)} at a temperature {@code T}. At
 * {@code T = 1} they are the model's ordinary probabilities; a higher {@code T} flattens them so
 * the small probabilities of the wrong classes (a shirt's 3% "T-shirt") become visible, a lower
 * {@code T} sharpens them towards the one-hot hard label. The max logit is subtracted before
 * exponentiating, so large logits or a tiny {@code T} never overflow.
 *
 * <pre>{@code
 * INDArray soft = SoftLabels.of(teacher, test.images(), 4.0);   // [N, K], rows sum to 1
 * SoftLabels.atTemperatures(teacherLogitsRow, test.classNames(), 0.1, 1, 4, 10).chart()
 * }</pre>
 */
public final class SoftLabels {
  private static final int CHUNK = 2048;

  private SoftLabels() {}

  /** {@code softmax(z / T)} of one logit vector, in double precision. */
  public static double[] softmax(double[] logits, double temperature) {
    checkTemperature(temperature);
    if (logits.length == 0) {
      throw new IllegalArgumentException("softmax needs at least one logit; got an empty array");
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double z : logits) {
      if (!Double.isFinite(z)) {
        throw new IllegalArgumentException(
            "logits must be finite numbers; got " + z + " (did training diverge?)");
      }
      max = Math.max(max, z);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int j = 0; j < logits.length; j++) {
      p[j] = Math.exp((logits[j] - max) / temperature);
      sum += p[j];
    }
    for (int j = 0; j < p.length; j++) {
      p[j] /= sum;
    }
    return p;
  }

  /** {@code softmax(z / T)} of each row of logits {@code [N, K]}: float32 {@code [N, K]}. */
  public static INDArray softmax(INDArray logits, double temperature) {
    checkTemperature(temperature);
    requireMatrix(logits, "logits");
    int n = (int) logits.size(0);
    int k = (int) logits.size(1);
    float[] z = logits.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] out = new float[z.length];
    double[] row = new double[k];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        row[j] = z[i * k + j];
      }
      double[] p = softmax(row, temperature);
      for (int j = 0; j < k; j++) {
        out[i * k + j] = (float) p[j];
      }
    }
    return Nd4j.create(out, new long[] {n, k}, 'c');
  }

  /**
   * The soft labels of {@code model} for inputs {@code x} at {@code temperature}: {@code [N,K]}.
   */
  public static INDArray of(InferenceModel model, INDArray x, double temperature) {
    checkTemperature(temperature);
    return softmax(logits(model, x), temperature);
  }

  /** The soft labels of {@code model} for every image of {@code data}: {@code [N, K]}. */
  public static INDArray of(InferenceModel model, Dataset data, double temperature) {
    return of(model, data.images(), temperature);
  }

  /** {@code model}'s logits for {@code x}, predicted in chunks to bound memory: {@code [N,K]}. */
  static INDArray logits(InferenceModel model, INDArray x) {
    long n = x.size(0);
    if (n <= CHUNK) {
      return model.predict(x).castTo(DataType.FLOAT).dup('c');
    }
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, n, model.numClasses());
    for (long from = 0; from < n; from += CHUNK) {
      long to = Math.min(n, from + CHUNK);
      out.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())
          .assign(model.predict(x.get(NDArrayIndex.interval(from, to))));
    }
    return out;
  }

  /**
   * The temperature at which the largest probability of {@code softmax(logits / T)} is {@code top}.
   * As T grows the top probability falls, always downwards, from 1 (T → 0) to 1/K (T → ∞), so there
   * is exactly one such T for every {@code top} between 1/K and 1 when one logit is the largest.
   * Found by bisection on ln T.
   *
   * <pre>{@code
   * SoftLabels.temperatureForTop(z, 0.5)   // above this T the model is less than 50% sure
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code top} does not lie strictly between 1/K and 1, or if
   *     the largest logit is shared by m classes and {@code top ≥ 1/m} (never reached)
   */
  public static double temperatureForTop(double[] logits, double top) {
    softmax(logits, 1); // checks the logits
    int k = logits.length;
    if (!(top > 1.0 / k && top < 1)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "the top probability of %d classes lies between 1/%d = %.4f (T → ∞) and 1 (T → 0);"
                  + " ask for a value strictly between them, not %s",
              k,
              k,
              1.0 / k,
              top));
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double z : logits) {
      max = Math.max(max, z);
    }
    int ties = 0;
    for (double z : logits) {
      ties += z == max ? 1 : 0;
    }
    if (top >= 1.0 / ties) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "the largest logit is shared by %d classes, so the top probability never exceeds"
                  + " 1/%d = %.4f at any T; ask for less than that, not %s",
              ties,
              ties,
              1.0 / ties,
              top));
    }
    double lo = 1; // top probability above `top` at lo, at or below it at hi
    double hi = 1;
    while (topProbability(logits, lo) <= top) {
      lo /= 2;
    }
    while (topProbability(logits, hi) > top) {
      hi *= 2;
    }
    for (int i = 0; i < 200 && hi > lo * (1 + 1e-12); i++) {
      double mid = Math.sqrt(lo * hi);
      if (topProbability(logits, mid) > top) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return Math.sqrt(lo * hi);
  }

  private static double topProbability(double[] logits, double temperature) {
    double top = 0;
    for (double p : softmax(logits, temperature)) {
      top = Math.max(top, p);
    }
    return top;
  }

  /**
   * Shannon entropy {@code H(p) = −Σ p_j ln p_j} in nats: 0 for a one-hot label, {@code ln K} for
   * the uniform distribution over K classes. Terms with {@code p_j = 0} count as 0.
   */
  public static double entropy(double[] probabilities) {
    double h = 0;
    for (double p : probabilities) {
      if (p < 0 || !Double.isFinite(p)) {
        throw new IllegalArgumentException(
            "entropy needs probabilities (finite, ≥ 0); got " + p + ": apply softmax first");
      }
      if (p > 0) {
        h -= p * Math.log(p);
      }
    }
    return h;
  }

  /** The entropy of each row of probabilities {@code [N, K]}, in nats. */
  public static double[] entropy(INDArray probabilities) {
    requireMatrix(probabilities, "probabilities");
    double[] out = new double[(int) probabilities.size(0)];
    for (int i = 0; i < out.length; i++) {
      out[i] = entropy(probabilities.getRow(i).toDoubleVector());
    }
    return out;
  }

  /**
   * Kullback-Leibler divergence {@code KL(p ‖ q) = Σ p_j ln(p_j / q_j)} in nats: how many extra
   * nats it costs to describe samples of {@code p} with a code built for {@code q}. Zero iff {@code
   * p = q}; not symmetric.
   */
  public static double klDivergence(double[] p, double[] q) {
    if (p.length != q.length) {
      throw new IllegalArgumentException(
          "KL divergence needs two distributions over the same classes; got "
              + p.length
              + " and "
              + q.length
              + " probabilities");
    }
    double kl = 0;
    for (int j = 0; j < p.length; j++) {
      if (p[j] > 0) {
        if (q[j] <= 0) {
          return Double.POSITIVE_INFINITY;
        }
        kl += p[j] * Math.log(p[j] / q[j]);
      }
    }
    return kl;
  }

  /**
   * An image the model finds ambiguous between look-alike classes, e.g. shirt, T-shirt and
   * pullover: among the rows of {@code data} whose true class is one of {@code classes}, the one
   * whose probabilities (T = 1) spread most evenly over those classes, scored by their total minus
   * the largest of them.
   *
   * @return the row index in {@code data}
   */
  public static int mostAmbiguous(InferenceModel model, Dataset data, int... classes) {
    if (classes.length < 2) {
      throw new IllegalArgumentException(
          "name at least two classes that look alike, e.g. 0, 2, 6 (T-shirt, pullover, shirt)");
    }
    for (int c : classes) {
      if (c < 0 || c >= data.numClasses()) {
        throw new IllegalArgumentException(
            "class " + c + " is outside 0.." + (data.numClasses() - 1) + " of " + data.name());
      }
    }
    INDArray p = of(model, data, 1);
    int best = -1;
    double bestScore = -1;
    for (int i = 0; i < data.size(); i++) {
      int y = data.labels()[i];
      if (java.util.Arrays.stream(classes).noneMatch(c -> c == y)) {
        continue;
      }
      double sum = 0;
      double max = 0;
      for (int c : classes) {
        double v = p.getDouble(i, c);
        sum += v;
        max = Math.max(max, v);
      }
      if (sum - max > bestScore) {
        bestScore = sum - max;
        best = i;
      }
    }
    if (best < 0) {
      throw new IllegalArgumentException(
          data.name() + " has no image of classes " + java.util.Arrays.toString(classes));
    }
    return best;
  }

  /**
   * For each true class the average soft label that {@code model} gives its images at {@code
   * temperature}: which classes the model finds alike (see {@link ClassSimilarity}).
   */
  public static ClassSimilarity classSimilarity(
      InferenceModel model, Dataset data, double temperature) {
    if (model.numClasses() != data.numClasses()) {
      throw new IllegalArgumentException(
          "the model has "
              + model.numClasses()
              + " classes but "
              + data.name()
              + " has "
              + data.numClasses()
              + "; use a model trained on this data set");
    }
    INDArray soft = of(model, data, temperature);
    int k = data.numClasses();
    double[][] sum = new double[k][k];
    int[] count = new int[k];
    float[] p = soft.data().asFloat();
    for (int i = 0; i < data.size(); i++) {
      int c = data.labels()[i];
      count[c]++;
      for (int j = 0; j < k; j++) {
        sum[c][j] += p[i * k + j];
      }
    }
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < k; j++) {
        sum[c][j] = count[c] == 0 ? Double.NaN : sum[c][j] / count[c];
      }
    }
    List<String> names = data.classNames();
    if (names.isEmpty()) {
      names = new ArrayList<>();
      for (int c = 0; c < k; c++) {
        names.add("class " + c);
      }
    }
    return new ClassSimilarity(names, sum, temperature);
  }

  /**
   * Bars of one example's probabilities from several sources side by side (teacher, student before
   * and after, a hard label...), one colour per source, in the map's order. The axis runs from 0 to
   * 1 whatever the bars, so charts of the same example at different temperatures compare.
   */
  public static CategoryChart chart(
      String title, List<String> classNames, Map<String, double[]> probabilities) {
    CategoryChart c = Charts.bars(title, "class", "probability", classNames, probabilities);
    c.getStyler().setXAxisLabelRotation(45);
    c.getStyler().setYAxisMin(0.0);
    c.getStyler().setYAxisMax(1.0);
    c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    c.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
    return c;
  }

  /**
   * One example's probabilities at several temperatures, for a table and a bar chart.
   *
   * @param logits the example's logits (one per class)
   * @param classNames one name per class
   * @param temperatures e.g. {@code 0.1, 1, 4, 10}
   */
  public static TemperatureView atTemperatures(
      double[] logits, List<String> classNames, double... temperatures) {
    if (classNames.size() != logits.length) {
      throw new IllegalArgumentException(
          "got "
              + logits.length
              + " logits but "
              + classNames.size()
              + " class names; pass one name per class");
    }
    if (temperatures.length == 0) {
      throw new IllegalArgumentException("name at least one temperature, e.g. 1, 4, 10");
    }
    Map<Double, double[]> probs = new LinkedHashMap<>();
    for (double t : temperatures) {
      probs.put(t, softmax(logits, t));
    }
    return new TemperatureView(List.copyOf(classNames), probs);
  }

  /** {@link #atTemperatures(double[], List, double...)} for row {@code row} of {@code data}. */
  public static TemperatureView atTemperatures(
      InferenceModel model, Dataset data, int row, double... temperatures) {
    INDArray z = model.predict(data.images().get(NDArrayIndex.interval(row, row + 1)));
    return atTemperatures(z.toDoubleVector(), data.classNames(), temperatures);
  }

  /**
   * One example's class probabilities at several temperatures.
   *
   * @param classNames the classes, in logit order
   * @param probabilities per temperature (in the order given) the probabilities of the classes
   */
  public record TemperatureView(List<String> classNames, Map<Double, double[]> probabilities)
      implements TableView {

    /** One row per class, one column {@code T=…} per temperature, plus entropies in the caption. */
    @Override
    public Table table() {
      Table t = Table.create("class probabilities by temperature");
      t.addColumns(StringColumn.create("class", classNames));
      probabilities.forEach(
          (temp, p) -> t.addColumns(DoubleColumn.create(label(temp), Numbers.round(p, 4))));
      return t;
    }

    /** The entropy (nats) at each temperature: it grows as T flattens the distribution. */
    public Table entropyTable() {
      DoubleColumn temps = DoubleColumn.create("T");
      DoubleColumn h = DoubleColumn.create("entropy (nats)");
      DoubleColumn top = DoubleColumn.create("top probability");
      probabilities.forEach(
          (temp, p) -> {
            temps.append(temp);
            h.append(Numbers.round(entropy(p), 3));
            double max = 0;
            for (double v : p) {
              max = Math.max(max, v);
            }
            top.append(Numbers.round(max, 3));
          });
      return Table.create("entropy by temperature", temps, h, top);
    }

    /** Grouped bars: one group per class, one colour per temperature. */
    public CategoryChart chart() {
      Map<String, double[]> series = new LinkedHashMap<>();
      probabilities.forEach((temp, p) -> series.put(label(temp), p));
      CategoryChart c =
          Charts.bars(
              "Class probabilities by temperature", "class", "probability", classNames, series);
      c.getStyler().setXAxisLabelRotation(45);
      c.getStyler().setYAxisMax(1.0);
      c.getStyler().setYAxisMin(0.0);
      return c;
    }

    /** One small bar chart per temperature, in the order given (for a row of pictures). */
    public List<CategoryChart> charts() {
      return charts(420, 300, false);
    }

    /**
     * The charts of {@link #charts()}, narrower, side by side in one picture: the same image at
     * each temperature in one row, on the same 0 to 1 axis. Only the first names its axis.
     */
    public BufferedImage row() {
      int width = Math.max(240, Math.min(300, 1240 / probabilities.size()));
      return ChartRow.of(charts(width, 320, true));
    }

    private List<CategoryChart> charts(int width, int height, boolean inRow) {
      List<CategoryChart> out = new ArrayList<>();
      probabilities.forEach(
          (temp, p) -> {
            CategoryChart c =
                new org.knowm.xchart.CategoryChartBuilder()
                    .width(width)
                    .height(height)
                    .title(label(temp))
                    .yAxisTitle(inRow && !out.isEmpty() ? "" : "probability")
                    .build();
            List<Double> ys = new ArrayList<>();
            for (double v : p) {
              ys.add(v);
            }
            c.addSeries(label(temp), classNames, ys);
            c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
            c.getStyler().setLegendVisible(false);
            c.getStyler().setXAxisLabelRotation(60);
            c.getStyler().setYAxisMax(1.0);
            c.getStyler().setYAxisMin(0.0);
            c.getStyler().setLegendVisible(false);
            out.add(c);
          });
      return out;
    }

    private static String label(double t) {
      return "T=" + Numbers.plain(t);
    }
  }

  static void checkTemperature(double temperature) {
    if (!(temperature > 0) || !Double.isFinite(temperature)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "temperature must be a finite number > 0, got %s; T = 1 gives ordinary"
                  + " probabilities, T = 2..10 softens them",
              temperature));
    }
  }

  private static void requireMatrix(INDArray a, String what) {
    if (a.rank() != 2) {
      throw new IllegalArgumentException(
          what
              + " must be a matrix [examples, classes]; got shape "
              + java.util.Arrays.toString(a.shape()));
    }
  }
}
