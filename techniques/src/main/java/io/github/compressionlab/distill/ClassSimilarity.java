package io.github.compressionlab.distill;

import io.github.compressionlab.TableView;
import io.github.compressionlab.viz.Numbers;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What soft labels reveal about the classes: row {@code c} is the average probability the teacher
 * gives each class (columns) for images whose true class is {@code c}. Rows sum to 1. A hard label
 * says only "shirt"; the average soft label of shirts says "shirt, but a bit T-shirt, pullover and
 * coat", and that off-diagonal mass is the "dark knowledge" distillation passes on.
 *
 * @param classNames the K classes
 * @param matrix {@code [K][K]}, rows = true class, columns = predicted probability
 * @param temperature the temperature of the soft labels
 */
public record ClassSimilarity(List<String> classNames, double[][] matrix, double temperature)
    implements TableView {

  public ClassSimilarity {
    classNames = List.copyOf(classNames);
    if (matrix.length != classNames.size()) {
      throw new IllegalArgumentException(
          "a "
              + matrix.length
              + "x"
              + matrix.length
              + " matrix needs "
              + matrix.length
              + " class names; got "
              + classNames.size());
    }
  }

  /** The matrix as a table: one row per true class, one column per class. */
  @Override
  public Table table() {
    Table t = Table.create(String.format("average soft label per true class (T=%s)", temperature));
    t.addColumns(StringColumn.create("true class", classNames));
    for (int j = 0; j < classNames.size(); j++) {
      double[] col = new double[matrix.length];
      for (int i = 0; i < matrix.length; i++) {
        col[i] = Numbers.round(matrix[i][j], 3);
      }
      t.addColumns(DoubleColumn.create(classNames.get(j), col));
    }
    return t;
  }

  /**
   * The {@code n} most alike pairs of classes, by the symmetric off-diagonal mass {@code (m[a][b] +
   * m[b][a]) / 2}.
   */
  public Table mostAlike(int n) {
    record Pair(String a, String b, double similarity) {}
    List<Pair> pairs = new ArrayList<>();
    for (int a = 0; a < matrix.length; a++) {
      for (int b = a + 1; b < matrix.length; b++) {
        pairs.add(
            new Pair(classNames.get(a), classNames.get(b), (matrix[a][b] + matrix[b][a]) / 2));
      }
    }
    pairs.sort((x, y) -> Double.compare(y.similarity(), x.similarity()));
    StringColumn a = StringColumn.create("class");
    StringColumn b = StringColumn.create("looks like");
    DoubleColumn s = DoubleColumn.create("mean probability");
    for (Pair p : pairs.subList(0, Math.min(n, pairs.size()))) {
      a.append(p.a());
      b.append(p.b());
      s.append(Numbers.round(p.similarity(), 4));
    }
    return Table.create("most alike classes", a, b, s);
  }

  /**
   * A heat map of the matrix with the diagonal left blank: the diagonal (the right class) is near 1
   * and would drown out the small off-diagonal probabilities that show which classes look alike.
   * The colour scale runs from 0 to the largest off-diagonal value.
   */
  public HeatMapChart heatmap() {
    int k = matrix.length;
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(760)
            .height(620)
            .title(String.format("Average soft label, off-diagonal (T=%s)", temperature))
            .xAxisTitle("probability given to class")
            .yAxisTitle("true class")
            .build();
    double max = 0;
    List<Number[]> cells = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        if (i != j) {
          max = Math.max(max, matrix[i][j]);
          // rows drawn top-down: y index k-1-i puts the first class at the top
          cells.add(new Number[] {j, k - 1 - i, Numbers.round(matrix[i][j], 3)});
        }
      }
    }
    List<String> ys = new ArrayList<>(classNames);
    java.util.Collections.reverse(ys);
    chart.addSeries("soft labels", classNames, ys, cells);
    chart.getStyler().setMin(0);
    chart.getStyler().setMax(max > 0 ? Math.ceil(max * 100) / 100 : 1);
    chart.getStyler().setShowValue(true);
    chart.getStyler().setHeatMapValueDecimalPattern("0.00");
    chart
        .getStyler()
        .setRangeColors(
            new Color[] {Color.WHITE, new Color(255, 200, 120), new Color(200, 40, 30)});
    chart.getStyler().setXAxisLabelRotation(45);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendVisible(true);
    return chart;
  }

  @Override
  public String toString() {
    return table().print();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClassSimilarity c
        && classNames.equals(c.classNames)
        && Arrays.deepEquals(matrix, c.matrix)
        && temperature == c.temperature;
  }

  @Override
  public int hashCode() {
    return classNames.hashCode() * 31 + Arrays.deepHashCode(matrix);
  }
}
