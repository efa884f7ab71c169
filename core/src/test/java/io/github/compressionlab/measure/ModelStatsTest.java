package io.github.compressionlab.measure;

import static org.junit.jupiter.api.Assertions.*;

import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.nn.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStatsTest {
  @TempDir Path dir;

  // Dense 4 -> 3: weight 4x3 = 12 + bias 3 = 15 params.
  static Sequential dense43() {
    return Sequential.builder(4).dense("fc1", 3).seed(1).build();
  }

  @Test
  void of_countsParamsAndFlops() {
    Sequential m = dense43();
    ModelStats s = ModelStats.of(m);
    assertEquals(15, s.params());
    assertEquals(m.flops(), s.flops());
  }

  @Test
  void nonZero_dropsWhenWeightsAreZeroed() {
    Sequential m = dense43();
    long before = ModelStats.of(m).nonZeroParams();
    m.parameter("fc1.weight").value().assign(0); // zero 12 weights, biases untouched
    ModelStats s = ModelStats.of(m);
    assertEquals(before - 12, s.nonZeroParams());
    assertTrue(s.sparsity() >= 12.0 / 15 - 1e-9);
  }

  @Test
  void fileBytes_equalsSizeOfSavedModelFile() throws IOException {
    Sequential m = dense43();
    Path f = dir.resolve("m.safetensors");
    ModelFile.save(m, f);
    assertEquals(Files.size(f), ModelStats.of(m).fileBytes());
    // at least the 15 float32 values (60 bytes) plus the 8-byte header length
    assertTrue(Files.size(f) > 68);
  }
}
