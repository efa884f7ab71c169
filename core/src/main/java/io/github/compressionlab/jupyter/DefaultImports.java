package io.github.compressionlab.jupyter;

import java.util.ArrayList;
import java.util.List;

/**
 * The imports every notebook starts with. The one list to extend when a package is added; a package
 * that is not on the class path at start-up is skipped, so a missing one never breaks the kernel.
 */
public final class DefaultImports {

  /** The JDK packages that the jshell tool imports at start-up; always present. */
  static final List<String> JDK_PACKAGES =
      List.of(
          "java.io",
          "java.math",
          "java.net",
          "java.nio.file",
          "java.util",
          "java.util.concurrent",
          "java.util.function",
          "java.util.regex",
          "java.util.stream");

  /** Packages imported on demand ({@code import p.*;}). */
  static final List<String> PACKAGES =
      List.of(
          "io.github.compressionlab",
          "io.github.compressionlab.data",
          "io.github.compressionlab.nn",
          "io.github.compressionlab.io",
          "io.github.compressionlab.measure",
          "io.github.compressionlab.models",
          "io.github.compressionlab.viz",
          "io.github.compressionlab.prune",
          "io.github.compressionlab.quant",
          "io.github.compressionlab.quant.scheme",
          "io.github.compressionlab.quant.integer",
          "io.github.compressionlab.quant.deep",
          "io.github.compressionlab.quant.half",
          "io.github.compressionlab.distill",
          "io.github.compressionlab.nas",
          "io.github.compressionlab.pipeline",
          "io.github.compressionlab.deploy",
          "io.github.compressionlab.widgets",
          "tech.tablesaw.api",
          "org.knowm.xchart");

  /** Single types. */
  static final List<String> TYPES =
      List.of(
          "org.nd4j.linalg.factory.Nd4j",
          "org.nd4j.linalg.api.ndarray.INDArray",
          "org.nd4j.linalg.api.buffer.DataType");

  /**
   * Static imports: the lab kernel's notebook helpers (display, render, updateDisplay; only in the
   * lab's kernel) and interact.
   */
  static final List<String> STATIC_MEMBERS =
      List.of(
          "io.github.compressionlab.kernel.Notebook.*",
          "io.github.compressionlab.widgets.Interact.*");

  private DefaultImports() {}

  /** The import statements whose packages or types exist for {@code loader}. */
  public static List<String> statements(ClassLoader loader) {
    List<String> out = new ArrayList<>();
    for (String p : JDK_PACKAGES) {
      out.add("import " + p + ".*;");
    }
    for (String p : PACKAGES) {
      if (loader.getResource(p.replace('.', '/') + "/") != null) {
        out.add("import " + p + ".*;");
      }
    }
    for (String t : TYPES) {
      if (loader.getResource(t.replace('.', '/') + ".class") != null) {
        out.add("import " + t + ";");
      }
    }
    for (String s : STATIC_MEMBERS) {
      String type = s.substring(0, s.lastIndexOf('.'));
      if (loader.getResource(type.replace('.', '/') + ".class") != null) {
        out.add("import static " + s + ";");
      }
    }
    return out;
  }
}
