package io.github.compressionlab.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dflib.jjava.jupyter.kernel.magic.CellMagic;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.PathsHandler;

/**
 * Runs a cell with its magics, and defines them.
 *
 * <p>A cell that starts with {@code %%name args} hands its body to that cell magic. Otherwise the
 * cell is run top to bottom: each line starting with {@code %name} is a line magic, and the Java
 * between them goes to JShell. Magics run in the kernel, not inside JShell, so {@code %time} and
 * {@code %load} can evaluate code themselves. The value of a cell is that of its last part.
 *
 * <ul>
 *   <li>{@code %maven group:artifact:version ...}: resolve with dependencies, add to the class path
 *   <li>{@code %jars path-or-glob ...}: add jars (a folder adds the jars in it)
 *   <li>{@code %classpath path-or-glob ...}: add folders or jars
 *   <li>{@code %load file}: run a Java file, or a notebook's code cells (".ipynb" optional)
 *   <li>{@code %time code} and {@code %%time}: run and print the wall time
 *   <li>{@code %lsmagic}: list the magics
 * </ul>
 */
final class CellMagics {

  private final LabKernel kernel;
  private final MavenResolver maven = new MavenResolver();
  private final List<String> lineNames = new ArrayList<>();
  private final List<String> cellNames = new ArrayList<>();

  CellMagics(LabKernel kernel) {
    this.kernel = kernel;
  }

  void registerAll(MagicsRegistry registry) {
    line(registry, "maven", (k, args) -> maven(args));
    line(registry, "jars", (k, args) -> jars(args, true));
    line(registry, "classpath", (k, args) -> jars(args, false));
    line(registry, "load", (k, args) -> load(args));
    line(registry, "time", (k, args) -> time(String.join(" ", args)));
    line(registry, "lsmagic", (k, args) -> lsmagic());
    cell(registry, "time", (k, args, body) -> time(body));
  }

  private void line(MagicsRegistry registry, String name, LineMagic<Object, LabKernel> magic) {
    registry.registerLineMagic(name, magic);
    lineNames.add(name);
  }

  private void cell(MagicsRegistry registry, String name, CellMagic<Object, LabKernel> magic) {
    registry.registerCellMagic(name, magic);
    cellNames.add(name);
  }

  /** Runs a cell; returns its value or {@link JShellEvaluator#NO_VALUE}. */
  Object runCell(String code) throws Exception {
    String trimmed = code.stripLeading();
    if (trimmed.startsWith("%%")) {
      int nl = trimmed.indexOf('\n');
      String header = (nl < 0 ? trimmed : trimmed.substring(0, nl)).substring(2);
      String body = nl < 0 ? "" : trimmed.substring(nl + 1);
      List<String> words = split(header);
      if (words.isEmpty()) {
        throw new MagicException("'%%' needs a magic name, e.g. %%time", null);
      }
      String name = words.get(0);
      if (!cellNames.contains(name)) {
        throw new MagicException(
            "no cell magic %%" + name + "; cell magics: %%" + String.join(", %%", cellNames), null);
      }
      try {
        return orNoValue(
            kernel
                .getMagicsRegistry()
                .evalCellMagic(kernel, name, words.subList(1, words.size()), body));
      } catch (Exception e) {
        throw asMagicFailure("%%" + name, e);
      }
    }
    Object value = JShellEvaluator.NO_VALUE;
    StringBuilder java = new StringBuilder();
    for (String line : code.split("\n", -1)) {
      String s = line.strip();
      if (s.startsWith("%") && !s.startsWith("%%") && s.length() > 1) {
        if (!java.toString().isBlank()) {
          value = kernel.evaluator().eval(java.toString());
        }
        java.setLength(0);
        value = runLineMagic(s.substring(1));
      } else {
        java.append(line).append('\n');
      }
    }
    if (!java.toString().isBlank()) {
      value = kernel.evaluator().eval(java.toString());
    }
    return value;
  }

  private Object runLineMagic(String text) throws Exception {
    List<String> words = split(text);
    String name = words.get(0);
    if (!lineNames.contains(name)) {
      throw new MagicException(
          "no line magic %" + name + "; line magics: %" + String.join(", %", lineNames), null);
    }
    if (name.equals("time")) {
      return time(text.substring(text.indexOf("time") + 4)); // keep the code's own quoting
    }
    try {
      return orNoValue(
          kernel.getMagicsRegistry().evalLineMagic(kernel, name, words.subList(1, words.size())));
    } catch (Exception e) {
      throw asMagicFailure("%" + name, e);
    }
  }

  /** Failures of code a magic ran pass through; the magic's own become a one-line message. */
  private static RuntimeException asMagicFailure(String magic, Exception e) {
    if (e instanceof CompilationException
        || e instanceof UserCodeException
        || e instanceof EvaluationInterruptedException
        || e instanceof MagicException) {
      return (RuntimeException) e;
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
      message += " (" + root.getMessage() + ")";
    }
    return new MagicException(magic + ": " + message, e);
  }

  private static Object orNoValue(Object o) {
    return o == null ? JShellEvaluator.NO_VALUE : o;
  }

  /** Magic names starting like the word at the cursor, with the leading '%'. */
  List<String> complete(String code, int at) {
    int start = at;
    while (start > 0 && !Character.isWhitespace(code.charAt(start - 1))) {
      start--;
    }
    String word = code.substring(start, at);
    List<String> out = new ArrayList<>();
    if (word.startsWith("%%")) {
      cellNames.stream().filter(n -> ("%%" + n).startsWith(word)).forEach(n -> out.add("%%" + n));
    } else if (word.startsWith("%")) {
      lineNames.stream().filter(n -> ("%" + n).startsWith(word)).forEach(n -> out.add("%" + n));
    }
    return out;
  }

  // ---------------------------------------------------------------- the magics

  private Object maven(List<String> coordinates) throws Exception {
    if (coordinates.isEmpty()) {
      throw new IllegalArgumentException("usage: %maven group:artifact:version [more ...]");
    }
    for (String c : coordinates) {
      List<Path> jars = maven.resolve(c);
      for (Path jar : jars) {
        kernel.evaluator().addToClasspath(jar.toString());
      }
      System.out.println("Added " + c + " (" + jars.size() + " jars with its dependencies)");
    }
    return null;
  }

  private Object jars(List<String> patterns, boolean jarsOnly) {
    if (patterns.isEmpty()) {
      throw new IllegalArgumentException(
          jarsOnly ? "usage: %jars path/to/lib.jar | 'lib/*.jar'" : "usage: %classpath path ...");
    }
    int added = 0;
    for (String pattern : patterns) {
      List<Path> paths = PathsHandler.resolveGlobs(pattern);
      if (paths.isEmpty()) {
        throw new IllegalArgumentException("nothing matches '" + pattern + "'");
      }
      for (Path p : paths) {
        if (jarsOnly && Files.isDirectory(p)) {
          try (var stream = Files.list(p)) {
            for (Path j : stream.filter(CellMagics::isJar).sorted().toList()) {
              kernel.evaluator().addToClasspath(j.toAbsolutePath().toString());
              added++;
            }
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        } else if (!jarsOnly || isJar(p)) {
          kernel.evaluator().addToClasspath(p.toAbsolutePath().toString());
          added++;
        }
      }
    }
    System.out.println("Added " + added + " class path entr" + (added == 1 ? "y" : "ies"));
    return null;
  }

  private static boolean isJar(Path p) {
    return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
  }

  private Object load(List<String> args) throws Exception {
    if (args.size() != 1) {
      throw new IllegalArgumentException(
          "usage: %load path/to/File.java | path/to/notebook[.ipynb]");
    }
    Path file = Path.of(args.get(0));
    if (!Files.exists(file) && Files.exists(Path.of(args.get(0) + ".ipynb"))) {
      file = Path.of(args.get(0) + ".ipynb");
    }
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(
          "no file " + file.toAbsolutePath() + " (nor " + file.getFileName() + ".ipynb)");
    }
    String text = Files.readString(file);
    if (!file.getFileName().toString().endsWith(".ipynb")) {
      return runCell(text);
    }
    Object value = JShellEvaluator.NO_VALUE;
    JsonObject nb = JsonParser.parseString(text).getAsJsonObject();
    for (JsonElement cell : nb.getAsJsonArray("cells")) {
      JsonObject c = cell.getAsJsonObject();
      if (!"code".equals(c.get("cell_type").getAsString())) {
        continue;
      }
      value = runCell(source(c.get("source")));
    }
    return value;
  }

  private static String source(JsonElement source) {
    if (source.isJsonArray()) {
      StringBuilder out = new StringBuilder();
      for (JsonElement line : (JsonArray) source) {
        out.append(line.getAsString());
      }
      return out.toString();
    }
    return source.getAsString();
  }

  private Object time(String code) throws Exception {
    long start = System.nanoTime();
    try {
      return runCell(code);
    } finally {
      double ms = (System.nanoTime() - start) / 1e6;
      System.out.println(
          ms < 1000
              ? String.format("Wall time: %.1f ms", ms)
              : String.format("Wall time: %.3f s", ms / 1000));
    }
  }

  private Object lsmagic() {
    System.out.println("Line magics: %" + String.join(", %", lineNames));
    System.out.println("Cell magics: %%" + String.join(", %%", cellNames));
    return null;
  }

  /** Splits magic arguments at whitespace; double quotes group words. */
  static List<String> split(String args) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : args.strip().toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (any) {
          out.add(cur.toString());
          cur.setLength(0);
          any = false;
        }
      } else {
        cur.append(c);
        any = true;
      }
    }
    if (any) {
      out.add(cur.toString());
    }
    return out;
  }
}
