package io.github.compressionlab.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialLogTest {
  @TempDir Path dir;

  private static final TrialLog.Header HEADER =
      new TrialLog.Header(TrialLog.FORMAT, "random(epochs=1)", 3, 2, "space");

  @Test
  void appendedTrials_readBackEqual_includingInfeasibleOnes() {
    Path file = dir.resolve("log.jsonl");
    TrialLog log = TrialLog.open(file, HEADER);
    Trial ok = NasFixtures.trial(0, NasFixtures.conv(8, 16), 0.875);
    // Over the latency limit: not trained, accuracy NaN.
    Trial slow = new Trial(1, NasFixtures.conv(32), 9, 1, 10, 20, 80, 12.5, Double.NaN, 0.25);
    log.append(ok);
    log.append(slow);
    Map<Integer, Trial> back = TrialLog.open(file, HEADER).trials();
    assertEquals(List.of(ok, slow), List.copyOf(back.values()));
  }

  @Test
  void duplicateTrial_isCorrupt() throws IOException {
    Path file = dir.resolve("dup.jsonl");
    TrialLog log = TrialLog.open(file, HEADER);
    log.append(NasFixtures.trial(0, NasFixtures.conv(8), 0.5));
    log.append(NasFixtures.trial(0, NasFixtures.conv(8), 0.5));
    var e = assertThrows(IllegalArgumentException.class, () -> TrialLog.open(file, HEADER));
    assertTrue(
        e.getMessage().contains("line 3") && e.getMessage().contains("twice"), e.getMessage());
    assertEquals(3, Files.readAllLines(file).size());
  }

  @Test
  void trialWithoutAccuracy_isCorrupt() throws IOException {
    Path file = dir.resolve("missing.jsonl");
    TrialLog.open(file, HEADER);
    Files.writeString(
        file, "{\"kind\":\"trial\",\"index\":0}\n", java.nio.file.StandardOpenOption.APPEND);
    var e = assertThrows(IllegalArgumentException.class, () -> TrialLog.open(file, HEADER));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }
}
