package io.github.compressionlab.io;

import static org.junit.jupiter.api.Assertions.*;

import io.github.compressionlab.io.SafeTensors.Tensor;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.testing.SmallCnn;
import io.github.compressionlab.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class ModelFileTest {
  @TempDir Path dir;

  static Sequential smallCnn(long seed) {
    return SmallCnn.side(8).filters(3).classes(5).build(seed);
  }

  @Test
  void saveThenLoad_givesIdenticalPredictionsAndParameters() {
    Sequential m = smallCnn(7);
    Path f = dir.resolve("m.safetensors");
    ModelFile.save(m, f, Map.of("accuracy", "0.91", "epochs", "3"));
    Sequential back = ModelFile.load(f);
    INDArray x = TestData.uniform(3, 4, 1, 8, 8);
    assertEquals(m.predict(x), back.predict(x));
    assertArrayEquals(m.predictClasses(x), back.predictClasses(x));
    assertEquals(m.parameters().keySet(), back.parameters().keySet());
    assertEquals(m.architectureJson(), back.architectureJson());
  }

  @Test
  void save_storesFormatArchitectureLibraryAndCallerFacts() {
    Path f = dir.resolve("m.safetensors");
    ModelFile.save(smallCnn(1), f, Map.of("accuracy", "0.91", "seed", "1"));
    Map<String, String> meta = ModelFile.metadata(f);
    assertEquals(ModelFile.FORMAT, meta.get("format"));
    assertEquals(smallCnn(1).architectureJson(), meta.get("architecture"));
    assertTrue(meta.get("library").startsWith("compression-lab "));
    assertEquals("0.91", meta.get("accuracy"));
    assertEquals(
        java.util.List.of("conv1.weight", "conv1.bias", "fc1.weight", "fc1.bias"),
        ModelFile.tensorNames(f));
  }

  @Test
  void save_rejectsReservedMetadataKey() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelFile.save(smallCnn(1), dir.resolve("m"), Map.of("format", "x")));
    assertTrue(e.getMessage().contains("reserved"), e.getMessage());
  }

  @Test
  void save_overwritesAtomically_oldFileIntactWhenWriteFails() throws IOException {
    Path f = dir.resolve("m.safetensors");
    ModelFile.save(smallCnn(1), f);
    byte[] before = Files.readAllBytes(f);
    // A directory where the temp file must go that is read-only makes the write fail.
    Path ro = Files.createDirectories(dir.resolve("ro"));
    Path g = ro.resolve("m.safetensors");
    Files.write(g, before);
    ro.toFile().setWritable(false);
    try {
      if (Files.isWritable(ro)) {
        return; // running as a user that ignores permissions (root): covered by SafeTensorsTest
      }
      assertThrows(UncheckedIOException.class, () -> ModelFile.save(smallCnn(2), g));
      assertArrayEquals(before, Files.readAllBytes(g));
    } finally {
      ro.toFile().setWritable(true);
    }
  }

  @Test
  void load_missingTensor_namesParameterAndFile() {
    SafeTensors st = ModelFile.toSafeTensors(smallCnn(1), Map.of());
    Map<String, Tensor> t = new LinkedHashMap<>(st.tensors());
    t.remove("fc1.bias");
    Path f = dir.resolve("bad.safetensors");
    ModelFile.write(f, new SafeTensors(t, st.metadata()));
    var e = assertThrows(UncheckedIOException.class, () -> ModelFile.load(f));
    assertTrue(
        e.getMessage().contains("fc1.bias") && e.getMessage().contains(f.toString()),
        e.getMessage());
  }

  @Test
  void load_shapeMismatch_isRejected() {
    SafeTensors st = ModelFile.toSafeTensors(smallCnn(1), Map.of());
    Map<String, Tensor> t = new LinkedHashMap<>(st.tensors());
    t.put("fc1.bias", Tensor.ofFloats(new float[4], 4)); // fc1 has 5 outputs
    Path f = dir.resolve("bad.safetensors");
    ModelFile.write(f, new SafeTensors(t, st.metadata()));
    var e = assertThrows(UncheckedIOException.class, () -> ModelFile.load(f));
    assertTrue(e.getMessage().contains("[4]") && e.getMessage().contains("[5]"), e.getMessage());
  }

  @Test
  void load_extraTensor_isRejected() {
    SafeTensors st = ModelFile.toSafeTensors(smallCnn(1), Map.of());
    Map<String, Tensor> t = new LinkedHashMap<>(st.tensors());
    t.put("fc9.weight", Tensor.ofFloats(new float[1], 1));
    Path f = dir.resolve("bad.safetensors");
    ModelFile.write(f, new SafeTensors(t, st.metadata()));
    var e = assertThrows(UncheckedIOException.class, () -> ModelFile.load(f));
    assertTrue(e.getMessage().contains("fc9.weight"), e.getMessage());
  }

  @Test
  void load_plainSafetensorsWithoutFormat_saysItIsNotALabModel() {
    Path f = dir.resolve("plain.safetensors");
    ModelFile.write(f, new SafeTensors(Map.of("w", Tensor.ofFloats(new float[] {1}, 1)), Map.of()));
    var e = assertThrows(UncheckedIOException.class, () -> ModelFile.load(f));
    assertTrue(e.getMessage().contains("not a Compression Lab model file"), e.getMessage());
  }

  @Test
  void load_truncatedFile_namesFile() throws IOException {
    Path f = dir.resolve("m.safetensors");
    ModelFile.save(smallCnn(1), f);
    byte[] b = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(b, b.length - 7));
    var e = assertThrows(UncheckedIOException.class, () -> ModelFile.load(f));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
  }

  @Test
  void load_missingFile_saysSo() {
    var e =
        assertThrows(
            UncheckedIOException.class, () -> ModelFile.load(dir.resolve("none.safetensors")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void load_f16Parameters_areWidenedToFloat32() {
    Sequential m = smallCnn(3);
    SafeTensors st = ModelFile.toSafeTensors(m, Map.of());
    Map<String, Tensor> half = new LinkedHashMap<>();
    st.tensors()
        .forEach((k, v) -> half.put(k, Tensor.of(v.toFloatINDArray(), SafeTensors.DType.F16)));
    Path f = dir.resolve("half.safetensors");
    ModelFile.write(f, new SafeTensors(half, st.metadata()));
    Sequential back = ModelFile.load(f);
    INDArray w = m.parameter("fc1.weight").value();
    INDArray wb = back.parameter("fc1.weight").value();
    // F16 keeps 11 significant bits: relative error below 2^-11
    assertTrue(
        w.sub(wb).norm1Number().doubleValue() <= w.norm1Number().doubleValue() * 0x1p-11 + 1e-7);
  }
}
