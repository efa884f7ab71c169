package io.github.compressionlab.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.io.ModelCache;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeacherLogitsTest {

  @Test
  void saveThenLoad_givesTheSameLogits(@TempDir Path dir) {
    Dataset data = TestData.blobs(20, 3, 4, 5);
    Sequential teacher = Sequential.builder(1, 4, 4).seed(1).flatten().dense("fc", 3).build();
    TeacherLogits t = TeacherLogits.of(teacher, data);
    t.save(dir.resolve("l.safetensors"));
    TeacherLogits back = TeacherLogits.load(dir.resolve("l.safetensors"));
    assertArrayEquals(t.logits().data().asFloat(), back.logits().data().asFloat());
    back.requireMatches(data);
  }

  @Test
  void cached_writesOnceThenReads(@TempDir Path dir) throws Exception {
    String old = System.getProperty(ModelCache.CACHE_DIR_PROPERTY);
    System.setProperty(ModelCache.CACHE_DIR_PROPERTY, dir.toString());
    try {
      Dataset data = TestData.blobs(20, 3, 4, 5);
      Sequential teacher = Sequential.builder(1, 4, 4).seed(1).flatten().dense("fc", 3).build();
      TeacherLogits first = TeacherLogits.cached(teacher, "tiny", data);
      try (var files = Files.list(dir)) {
        assertEquals(1, files.filter(p -> p.toString().contains("logits-tiny")).count());
      }
      // a different teacher under the same key: the cached logits are read, not recomputed
      Sequential other = Sequential.builder(1, 4, 4).seed(2).flatten().dense("fc", 3).build();
      TeacherLogits second = TeacherLogits.cached(other, "tiny", data);
      assertArrayEquals(first.logits().data().asFloat(), second.logits().data().asFloat());
      assertTrue(second.toString().contains("20 x 3"), second.toString());
    } finally {
      if (old == null) {
        System.clearProperty(ModelCache.CACHE_DIR_PROPERTY);
      } else {
        System.setProperty(ModelCache.CACHE_DIR_PROPERTY, old);
      }
    }
  }
}
