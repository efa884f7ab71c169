package io.github.compressionlab.kernel;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * Helpers that every cell can call without a prefix (the kernel imports them statically), as IJava
 * has them: {@code display(chart)}, {@code display(table, "text/html")}, {@code render(x)}, {@code
 * updateDisplay(id, x)}.
 */
public final class Notebook {

  private Notebook() {}

  /** Shows {@code value} below the cell now and returns the display's id for updates. */
  public static String display(Object value) {
    return LabKernel.current().display(value);
  }

  /** Shows {@code value} rendered as the given MIME types, e.g. "image/svg+xml". */
  public static String display(Object value, String... mimeTypes) {
    return LabKernel.current().display(value, mimeTypes);
  }

  /** The MIME bundle for {@code value}; returning it from a cell shows it. */
  public static DisplayData render(Object value, String... mimeTypes) {
    return LabKernel.current().render(value, mimeTypes);
  }

  /** Replaces what display {@code id} shows. */
  public static void updateDisplay(String id, Object value) {
    LabKernel.current().updateDisplay(id, value);
  }

  /** Replaces what display {@code id} shows, rendered as the given MIME types. */
  public static void updateDisplay(String id, Object value, String... mimeTypes) {
    LabKernel.current().updateDisplay(id, value, mimeTypes);
  }
}
