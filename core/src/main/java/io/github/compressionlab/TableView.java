package io.github.compressionlab;

import tech.tablesaw.api.Table;

/**
 * A lab object whose natural picture is a table: results of comparisons, sweeps, searches, training
 * histories. A notebook kernel shows such an object as the table's HTML (with {@code toString()} as
 * plain text); in a plain program call {@link #table()}. It lives in the base package so that every
 * package, {@code nn} included, can offer it without depending on {@code viz}.
 */
public interface TableView {
  /** The object as a table. */
  Table table();
}
