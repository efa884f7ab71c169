package io.github.compressionlab.viz;

import java.lang.reflect.RecordComponent;
import java.util.List;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tablesaw helpers for notebooks: tables from records, and the static HTML and text the kernel
 * shows for a table (long tables show their first and last rows).
 */
public final class Tables {

  /** Tables longer than this show their first and last {@code MAX_ROWS / 2} rows. */
  public static final int MAX_ROWS = 20;

  private Tables() {}

  /**
   * A table with one column per record component, e.g. {@code Tables.of("runs", runs)} for a {@code
   * List<Run>} where {@code record Run(String name, double accuracy)}.
   */
  public static <R extends Record> Table of(String name, List<R> rows) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(
          "Tables.of needs at least one record to know the columns; got an empty list");
    }
    Table table = Table.create(name);
    RecordComponent[] components = rows.get(0).getClass().getRecordComponents();
    for (RecordComponent c : components) {
      table.addColumns(column(c, rows));
    }
    return table;
  }

  private static <R extends Record> Column<?> column(RecordComponent c, List<R> rows) {
    Class<?> t = c.getType();
    String n = c.getName();
    if (t == double.class || t == float.class || t == Double.class || t == Float.class) {
      DoubleColumn col = DoubleColumn.create(n);
      rows.forEach(r -> col.append(((Number) get(c, r)).doubleValue()));
      return col;
    }
    if (t == int.class || t == Integer.class || t == short.class || t == byte.class) {
      IntColumn col = IntColumn.create(n);
      rows.forEach(r -> col.append(((Number) get(c, r)).intValue()));
      return col;
    }
    if (t == long.class || t == Long.class) {
      LongColumn col = LongColumn.create(n);
      rows.forEach(r -> col.append(((Number) get(c, r)).longValue()));
      return col;
    }
    if (t == boolean.class || t == Boolean.class) {
      BooleanColumn col = BooleanColumn.create(n);
      rows.forEach(r -> col.append((Boolean) get(c, r)));
      return col;
    }
    StringColumn col = StringColumn.create(n);
    rows.forEach(r -> col.append(String.valueOf(get(c, r))));
    return col;
  }

  private static Object get(RecordComponent c, Record r) {
    try {
      return c.getAccessor().invoke(r);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c.getName() + " of " + r, e);
    }
  }

  /** Static HTML for a table: a caption with its name, right-aligned numbers, no scripts. */
  public static String toHtml(Table t) {
    StringBuilder out = new StringBuilder("<table class=\"lab-table\">\n");
    if (t.name() != null && !t.name().isBlank()) {
      out.append("<caption>").append(escape(t.name())).append("</caption>\n");
    }
    out.append("<thead><tr>");
    for (String name : t.columnNames()) {
      out.append("<th>").append(escape(name)).append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    int rows = t.rowCount();
    for (int r : shownRows(rows)) {
      if (r < 0) {
        out.append("<tr>");
        for (int c = 0; c < t.columnCount(); c++) {
          out.append("<td>…</td>");
        }
        out.append("</tr>\n");
        continue;
      }
      out.append("<tr>");
      for (int c = 0; c < t.columnCount(); c++) {
        Column<?> col = t.column(c);
        boolean numeric = isNumeric(col);
        out.append(numeric ? "<td style=\"text-align:right\">" : "<td>")
            .append(escape(cell(col, r)))
            .append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</tbody>\n</table>\n");
    if (rows > MAX_ROWS) {
      out.append("<p>")
          .append(rows)
          .append(" rows × ")
          .append(t.columnCount())
          .append(" columns</p>\n");
    }
    return out.toString();
  }

  /** Plain text for a table, clipped like the HTML, numbers written as {@link #number} does. */
  public static String toText(Table t) {
    Table shown = Table.create(t.name());
    for (Column<?> col : t.columns()) {
      if (col instanceof tech.tablesaw.api.NumberColumn<?, ?>
          && !(col instanceof tech.tablesaw.api.IntColumn)
          && !(col instanceof tech.tablesaw.api.LongColumn)) {
        tech.tablesaw.api.StringColumn s = tech.tablesaw.api.StringColumn.create(col.name());
        for (int r = 0; r < col.size(); r++) {
          s.append(cell(col, r));
        }
        shown.addColumns(s);
      } else {
        shown.addColumns(col);
      }
    }
    return rowsShown(t.rowCount()) ? shown.printAll() : shown.print(MAX_ROWS);
  }

  /**
   * How every lab table writes a floating-point number, so that no notebook rounds on its own:
   * integers with digit grouping, values of 1,000 and more without decimals, 10 to 1,000 with two,
   * smaller values with four (0.9123), trailing zeros dropped (3.32, not 3.3200), tiny ones with
   * three significant digits (1.23e-05); NaN as an empty cell. Integer columns get digit grouping
   * too.
   */
  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    double a = Math.abs(v);
    if (v == Math.rint(v) && a < 1e15) {
      return String.format(java.util.Locale.ROOT, "%,.0f", v);
    }
    if (a >= 1000) {
      return String.format(java.util.Locale.ROOT, "%,.0f", v);
    }
    if (a >= 10) {
      return trimZeros(String.format(java.util.Locale.ROOT, "%.2f", v));
    }
    if (a >= 0.001) {
      return trimZeros(String.format(java.util.Locale.ROOT, "%.4f", v));
    }
    return String.format(java.util.Locale.ROOT, "%.3g", v);
  }

  /** "3.3200" as "3.32", "12.50" as "12.5": the digits that carry information. */
  private static String trimZeros(String s) {
    int end = s.length();
    while (s.charAt(end - 1) == '0') {
      end--;
    }
    if (s.charAt(end - 1) == '.') {
      end--;
    }
    return s.substring(0, end);
  }

  private static String cell(Column<?> col, int row) {
    if (col instanceof tech.tablesaw.api.IntColumn i) {
      return i.isMissing(row) ? "" : String.format(java.util.Locale.ROOT, "%,d", i.getInt(row));
    }
    if (col instanceof tech.tablesaw.api.LongColumn l) {
      return l.isMissing(row) ? "" : String.format(java.util.Locale.ROOT, "%,d", l.getLong(row));
    }
    if (col instanceof tech.tablesaw.api.DoubleColumn d) {
      return d.isMissing(row) ? "" : number(d.getDouble(row));
    }
    if (col instanceof tech.tablesaw.api.FloatColumn f) {
      return f.isMissing(row) ? "" : number(f.getFloat(row));
    }
    return col.getString(row);
  }

  private static boolean rowsShown(int rows) {
    return rows <= MAX_ROWS;
  }

  private static boolean isNumeric(Column<?> col) {
    return col instanceof tech.tablesaw.api.NumericColumn<?>;
  }

  /** Row indices to show; -1 marks the elided middle. */
  private static int[] shownRows(int rows) {
    if (rows <= MAX_ROWS) {
      int[] all = new int[rows];
      for (int i = 0; i < rows; i++) {
        all[i] = i;
      }
      return all;
    }
    int half = MAX_ROWS / 2;
    int[] out = new int[MAX_ROWS + 1];
    for (int i = 0; i < half; i++) {
      out[i] = i;
      out[half + 1 + i] = rows - half + i;
    }
    out[half] = -1;
    return out;
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
