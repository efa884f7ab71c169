package io.github.compressionlab.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.nn.JavaProgram;
import io.github.compressionlab.nn.Parameter;
import io.github.compressionlab.nn.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class SparseModelFileTest {
  @TempDir Path dir;

  @Test
  void sparseFile_roundTripsExactly_andIsSmallerAtHighSparsity() throws Exception {
    Sequential m = PruneFixtures.mlp(8);
    MagnitudePruner.global().mask(m, 0.9).applyTo(m);
    Path sparse = dir.resolve("m.sparse.safetensors");
    Path dense = dir.resolve("m.safetensors");
    long sparseBytes = SparseModelFile.save(m, sparse);
    ModelFile.save(m, dense, Map.of());
    Sequential back = SparseModelFile.load(sparse);
    for (Map.Entry<String, Parameter> e : m.parameters().entrySet()) {
      assertEquals(e.getValue().value(), back.parameter(e.getKey()).value(), e.getKey());
    }
    assertEquals(Files.size(sparse), sparseBytes);
    // 400 weights, 40 kept: 5 bytes each instead of 4 bytes for all 400 (plus headers)
    assertTrue(sparseBytes < Files.size(dense), sparseBytes + " vs " + Files.size(dense));
  }

  @Test
  void sparseFile_ofConvModel_roundTrips() {
    Sequential m = PruneFixtures.cnn(8);
    MagnitudePruner.global().mask(m, 0.8).applyTo(m);
    Path f = dir.resolve("c.sparse.safetensors");
    SparseModelFile.save(m, f);
    Sequential back = SparseModelFile.load(f);
    INDArray x = PruneFixtures.inputs(3, new long[] {1, 6, 6}, 1);
    assertEquals(m.predict(x), back.predict(x));
  }

  @Test
  void loadingADenseModelFileAsSparse_saysWhatToDo() {
    Path f = dir.resolve("d.safetensors");
    ModelFile.save(PruneFixtures.mlp(1), f, Map.of());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SparseModelFile.load(f));
    assertTrue(e.getMessage().contains("ModelFile.load"), e.getMessage());
  }

  @Test
  void loadSparse_runsOnThePlainJavaEngine_withCsrWeights() {
    Sequential m = PruneFixtures.mlp(4);
    MagnitudePruner.global().mask(m, 0.9).applyTo(m);
    Path f = dir.resolve("m.sparse.safetensors");
    SparseModelFile.save(m, f);
    JavaProgram s = SparseModelFile.loadSparse(f);
    INDArray x = PruneFixtures.inputs(6, new long[] {1, 4, 4}, 3);
    assertTrue(m.predict(x).sub(s.predict(x)).amaxNumber().doubleValue() < 1e-5);
    assertEquals(3, s.numClasses());
    // 0.1 of 16·16 + 16·8 + 8·3 = 408 weights kept: 408 − round(0.9·408) = 41
    assertEquals(41, s.nonZeroDenseWeights());
  }
}
