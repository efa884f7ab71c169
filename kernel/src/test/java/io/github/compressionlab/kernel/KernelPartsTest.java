package io.github.compressionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.jupyter.DefaultImports;
import io.github.compressionlab.jupyter.NdArrayText;
import io.github.compressionlab.jupyter.Renderers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class KernelPartsTest {

  @Test
  void cellOutput_neverSplitsACharacterAcrossMessages() {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // 3 bytes: E2 82 AC
    byte[] cut = {'a', euro[0], euro[1]};
    // 'a' is complete; the euro sign's first two bytes wait for the third
    assertEquals(1, CellOutputStream.completeUtf8Prefix(cut));
    assertEquals(
        4, CellOutputStream.completeUtf8Prefix(new byte[] {'a', euro[0], euro[1], euro[2]}));
  }

  @Test
  void cellOutput_sendsLargeOutputInBoundedChunks_withNothingLost() {
    List<String> sent = new ArrayList<>();
    CellOutputStream out = new CellOutputStream(sent::add);
    byte[] big = "x".repeat(600_000).getBytes(StandardCharsets.UTF_8);
    out.write(big, 0, big.length);
    out.flush();
    // 600,000 bytes in chunks of at most 262,144: 262,144 + 262,144 + 75,712
    assertEquals(3, sent.size());
    assertTrue(sent.stream().allMatch(s -> s.length() <= CellOutputStream.CHUNK));
    assertEquals(600_000, sent.stream().mapToInt(String::length).sum());
  }

  @Test
  void cellOutput_pastItsLimit_dropsTheRestAndSaysHowMuch() {
    List<String> sent = new ArrayList<>();
    CellOutputStream out = new CellOutputStream(sent::add, 1000);
    byte[] line = "x".repeat(99).concat("\n").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 25; i++) { // 2,500 bytes, 1,000 shown
      out.write(line, 0, line.length);
    }
    out.write('y');
    out.finish();
    String all = String.join("", sent);
    assertEquals(1000, all.indexOf("\n[output truncated: this cell printed more than 1,000 bytes"));
    assertTrue(
        all.endsWith("[output truncated: 1,501 more bytes of this cell's output were not shown]\n"),
        all);
    assertEquals(1501, out.dropped());
  }

  @Test
  void errorFormat_cutsTheStackAtTheLastSnippetFrame() {
    StackTraceElement[] frames = {
      new StackTraceElement("java.util.Objects", "requireNonNull", "Objects.java", 1),
      new StackTraceElement("REPL.$JShell$12", "check", "#12", 3),
      new StackTraceElement("REPL.$JShell$13", "do_it$", "#13", 1),
      new StackTraceElement("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", null, -1),
      new StackTraceElement(
          "io.github.compressionlab.kernel.LabExecutionControl", "invoke", null, 1),
    };
    List<StackTraceElement> user = ErrorFormat.userFrames(frames);
    assertEquals(3, user.size());
    assertEquals("check(<cell>)", ErrorFormat.describe(user.get(1)));
    assertEquals("<cell>", ErrorFormat.describe(user.get(2)));
    assertEquals(
        "Point.norm(<cell>)",
        ErrorFormat.describe(new StackTraceElement("REPL.$JShell$14$Point", "norm", "#14", 2)));
  }

  @Test
  void defaultImports_skipPackagesThatAreNotOnTheClassPath() {
    List<String> imports = DefaultImports.statements(getClass().getClassLoader());
    assertTrue(imports.contains("import tech.tablesaw.api.*;"));
    assertTrue(imports.contains("import org.nd4j.linalg.factory.Nd4j;"));
    assertFalse(
        imports.stream().anyMatch(s -> s.contains("io.github.compressionlab.doesnotexist")));
    assertTrue(imports.contains("import static io.github.compressionlab.kernel.Notebook.*;"));
  }

  @Test
  void ndArrayText_showsShapeDtypeAndClipsLongDimensions() {
    // 0, 1, ..., 9 in one row: the first and last three are shown
    String text = NdArrayText.format(Nd4j.arange(10).castTo(DataType.FLOAT).reshape(1, 10));
    assertEquals("INDArray [1, 10] FLOAT\n[[0., 1., 2., ..., 7., 8., 9.]]", text);
    String fractions = NdArrayText.format(Nd4j.createFromArray(0.5f, 0.25f));
    assertEquals("INDArray [2] FLOAT\n[0.5000, 0.2500]", fractions);
  }

  /** Shaped like nn's History: no viz dependency, but a table. */
  public static final class WithTable implements io.github.compressionlab.TableView {
    @Override
    public tech.tablesaw.api.Table table() {
      return tech.tablesaw.api.Table.create("h", tech.tablesaw.api.IntColumn.create("epoch", 1, 2));
    }
  }

  @Test
  void labObjectsWithATable_areShownAsHtml_othersAreNot() {
    var renderer = new org.dflib.jjava.jupyter.kernel.display.Renderer();
    Renderers.registerAll(renderer);
    Object html =
        renderer
            .render(new WithTable())
            .getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_HTML);
    assertTrue(html != null && html.toString().contains("<th>epoch</th>"), String.valueOf(html));
    assertEquals(
        null,
        renderer
            .render("plain string")
            .getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_HTML));
  }

  @Test
  void mavenResolver_takesTheDefaultRepositoryFromMavensSuperPom() throws Exception {
    var repos = MavenResolver.superPomRepositories();
    assertEquals("central", repos.get(0).getId());
    assertTrue(repos.get(0).getUrl().startsWith("https://"), repos.get(0).getUrl());
  }

  @Test
  void magicArguments_splitAtSpaces_quotesGroup() {
    assertEquals(List.of("a:b:1", "x y", "z"), CellMagics.split(" a:b:1 \"x y\"  z "));
  }
}
