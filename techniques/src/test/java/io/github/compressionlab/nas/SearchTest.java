package io.github.compressionlab.nas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.TrainingConfig;
import io.github.compressionlab.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.Table;

class SearchTest {
  private final SearchSpace space = NasFixtures.smallSpace();
  @TempDir Path dir;

  private Search.Builder search(SearchStrategy strategy, int trials, Path log) {
    return Search.builder()
        .space(space)
        .strategy(strategy)
        .evaluator(NasFixtures.toy(space))
        .budget(Budget.trials(trials))
        .seed(42)
        .threads(2)
        .log(log)
        .progress(false);
  }

  /** Architectures and accuracies of the trials: what must not change across a resume. */
  private static List<String> outcome(SearchResult r) {
    return r.trials().stream()
        .map(
            t ->
                t.index()
                    + " "
                    + t.architecture()
                    + " "
                    + t.epochs()
                    + " "
                    + t.validationAccuracy())
        .toList();
  }

  @Test
  void sameSeed_sameTrials_evenWithTwoThreads() {
    SearchResult a = search(new RegularizedEvolution(6, 3, 1), 20, null).build().run();
    SearchResult b = search(new RegularizedEvolution(6, 3, 1), 20, null).build().run();
    assertEquals(outcome(a), outcome(b));
    assertEquals(20, a.trials().size());
  }

  @Test
  void resume_afterKTrials_givesTheUninterruptedResult() throws IOException {
    SearchResult whole = search(new RegularizedEvolution(6, 3, 1), 20, null).build().run();
    Path log = dir.resolve("evo.jsonl");
    SearchResult part = search(new RegularizedEvolution(6, 3, 1), 7, log).build().run();
    assertEquals(7, part.trials().size());
    assertEquals(1 + 7, Files.readAllLines(log).size(), "header + one line per trial");
    String before = Files.readString(log);
    // Count evaluations in the resumed run: only the 13 missing trials may be trained.
    int[] evaluated = {0};
    TrialEvaluator toy = NasFixtures.toy(space);
    SearchResult resumed =
        search(new RegularizedEvolution(6, 3, 1), 20, log)
            .evaluator(
                (i, p, s) -> {
                  synchronized (evaluated) {
                    evaluated[0]++;
                  }
                  return toy.evaluate(i, p, s);
                })
            .build()
            .run();
    assertEquals(outcome(whole), outcome(resumed));
    assertEquals(13, evaluated[0]);
    String after = Files.readString(log);
    assertTrue(after.startsWith(before), "the log is only appended to");
    assertEquals(1 + 20, Files.readAllLines(log).size());
  }

  @Test
  void resume_afterAFailedTrial_continuesWithTheSameResults() {
    SearchResult whole = search(new SuccessiveHalving(9, 3, 1, 9), 25, null).build().run();
    Path log = dir.resolve("sh.jsonl");
    TrialEvaluator toy = NasFixtures.toy(space);
    // The first run dies at trial 11 (as if the machine were switched off mid-search).
    assertThrows(
        IllegalStateException.class,
        () ->
            search(new SuccessiveHalving(9, 3, 1, 9), 25, log)
                .evaluator(
                    (i, p, s) -> {
                      if (i == 11) {
                        throw new IllegalStateException("power cut");
                      }
                      return toy.evaluate(i, p, s);
                    })
                .build()
                .run());
    SearchResult resumed = search(new SuccessiveHalving(9, 3, 1, 9), 25, log).build().run();
    assertEquals(outcome(whole), outcome(resumed));
  }

  @Test
  void corruptLog_isRefusedNamingFileAndLine_andLeftUnchanged() throws IOException {
    Path log = dir.resolve("corrupt.jsonl");
    search(new RandomSearch(1), 3, log).build().run();
    List<String> lines = new ArrayList<>(Files.readAllLines(log));
    lines.set(2, lines.get(2).substring(0, 30)); // line 3: a trial cut in half
    Files.writeString(log, String.join("\n", lines) + "\n");
    byte[] before = Files.readAllBytes(log);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> search(new RandomSearch(1), 5, log).build().run());
    assertTrue(e.getMessage().contains(log.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(log));
  }

  @Test
  void foreignLog_isRefused() throws IOException {
    Path notALog = dir.resolve("notes.jsonl");
    Files.writeString(notALog, "{\"hello\":\"world\"}\n");
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> search(new RandomSearch(1), 3, notALog).build().run());
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    assertTrue(e.getMessage().contains("not a search trial log"), e.getMessage());
    assertEquals("{\"hello\":\"world\"}\n", Files.readString(notALog));

    Path other = dir.resolve("other.jsonl");
    search(new RandomSearch(1), 2, other).build().run();
    var e2 =
        assertThrows(
            IllegalArgumentException.class,
            () -> search(new RandomSearch(1), 2, other).seed(7).build().run());
    assertTrue(e2.getMessage().contains("different search"), e2.getMessage());
    assertTrue(e2.getMessage().contains("seed 42 vs 7"), e2.getMessage());
  }

  @Test
  void incompleteLastLine_isRefused() throws IOException {
    Path log = dir.resolve("cut.jsonl");
    search(new RandomSearch(1), 2, log).build().run();
    String text = Files.readString(log);
    Files.writeString(log, text.substring(0, text.length() - 10), StandardCharsets.UTF_8);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> search(new RandomSearch(1), 4, log).build().run());
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
  }

  @Test
  void table_hasOneRowPerTrial_andMarksTheParetoFront() {
    SearchResult r = search(new RandomSearch(1), 12, null).build().run();
    Table t = r.table();
    assertEquals(12, t.rowCount());
    long onFront = t.booleanColumn("pareto").countTrue();
    assertEquals(r.paretoFront(Cost.PARAMS).size(), onFront);
    assertTrue(onFront >= 1);
    double[] best = r.bestSoFar();
    for (int i = 1; i < best.length; i++) {
      assertTrue(best[i] >= best[i - 1]);
    }
    assertEquals(r.best().validationAccuracy(), best[best.length - 1]);
  }

  @Test
  void impossibleLatencyLimit_isRefusedBeforeTheFirstTrial() {
    SearchSpace fast = tinySpace().withConstraints(Constraints.none().withMaxLatencyMs(1e-9));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Search.builder()
                    .space(fast)
                    .strategy(new RandomSearch(1))
                    .evaluator(NasFixtures.toy(fast))
                    .progress(false)
                    .build()
                    .run());
    assertTrue(e.getMessage().contains("latency limit"), e.getMessage());
  }

  @Test
  void overLatencyTrials_areInfeasible_andNeverWin() {
    // A trial with NaN accuracy (not trained: over the latency limit) scores -infinity.
    Trial slow = new Trial(0, NasFixtures.conv(32), 0, 1, 10, 10, 40, 9.0, Double.NaN, 0);
    Trial ok = NasFixtures.trial(1, NasFixtures.conv(4), 0.1);
    assertFalse(slow.feasible());
    assertEquals(ok, Search.best(List.of(slow, ok)));
  }

  @Test
  void goal_stopsTheSearchOnceReached() {
    SearchResult r = search(new RandomSearch(1), 100, null).goal(0.3).build().run();
    assertTrue(r.trials().size() < 100);
    assertTrue(r.best().validationAccuracy() >= 0.3);
  }

  @Test
  void realTraining_onTinyImages_thenExportReloads() {
    // 8x8 images of 4 classes (bright row bands); a few trials of real training.
    Dataset train = TestData.blobs(160, 4, 8, 1);
    Dataset validation = TestData.blobs(64, 4, 8, 2);
    SearchSpace tiny = tinySpace();
    SearchResult r =
        Search.builder()
            .space(tiny)
            .strategy(new RandomSearch(2))
            .data(
                train,
                validation,
                TrainingConfig.builder().batchSize(32).learningRate(1e-2).build())
            .budget(Budget.trials(2))
            .seed(1)
            .progress(false)
            .build()
            .run();
    assertEquals(2, r.trials().size());
    Trial best = r.best();
    assertTrue(best.validationAccuracy() > 0.5, best.toString());
    assertTrue(best.bytes() > 4 * best.params(), "a model file holds at least the float32 values");
    assertTrue(best.latencyMs() > 0);

    Path file = dir.resolve("winner.safetensors");
    Export.Exported e =
        r.exportBest(
            train,
            TrainingConfig.builder().epochs(1).batchSize(32).learningRate(1e-2).seed(3).build(),
            file);
    Sequential loaded = ModelFile.load(file);
    assertEquals(best.params(), loaded.paramCount());
    assertEquals(best.architecture(), Export.architectureOf(file));
    assertEquals(1, e.history().size());
    INDArray x = validation.images();
    assertEquals(e.model().predict(x), loaded.predict(x));
    assertFalse(e.historyTable().isEmpty());
  }

  /** 8x8 images, 4 classes: one conv block of width 2 or 4, then 0 or 1 dense layer of 8. */
  private static SearchSpace tinySpace() {
    return SearchSpace.builder(1, 8, 8)
        .classes(4)
        .convBlocks(1)
        .convWidths(2, 4)
        .kernelSizes(3)
        .pooling(Pooling.MAX)
        .denseLayers(0, 1)
        .denseWidths(8)
        .build();
  }
}
