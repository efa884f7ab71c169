package io.github.compressionlab.io;

import static org.junit.jupiter.api.Assertions.*;

import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class ModelCacheTest {
  @TempDir Path dir;
  private String oldDir;
  private String oldProfile;

  @BeforeEach
  void pointCacheAtTempDir() {
    oldDir = System.getProperty(ModelCache.CACHE_DIR_PROPERTY);
    oldProfile = System.getProperty("lab.profile");
    System.setProperty(ModelCache.CACHE_DIR_PROPERTY, dir.toString());
    System.setProperty("lab.profile", "quick");
  }

  @AfterEach
  void restore() {
    restore(ModelCache.CACHE_DIR_PROPERTY, oldDir);
    restore("lab.profile", oldProfile);
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  static Sequential tiny(long seed) {
    return Sequential.builder(4).dense("fc1", 3).seed(seed).build();
  }

  @Test
  void path_isUnderRoot_withProfileInName() {
    assertEquals(dir.resolve("teacher-seed1-quick.safetensors"), ModelCache.path("teacher-seed1"));
    assertEquals(dir.resolve("a_b-quick.safetensors"), ModelCache.path("a/b"));
  }

  @Test
  void key_changesWithArchitectureAndSeed() {
    String a = ModelCache.key("t", tiny(1), 1);
    assertEquals(a, ModelCache.key("t", tiny(2), 1)); // parameters don't matter, architecture does
    assertNotEquals(a, ModelCache.key("t", tiny(1), 2));
    assertNotEquals(
        a, ModelCache.key("t", Sequential.builder(4).dense("fc1", 4).seed(1).build(), 1));
    assertTrue(a.matches("t-[0-9a-f]{8}-seed1"), a);
  }

  @Test
  void loadOrTrain_trainsOnce_thenLoadsSameModel() {
    AtomicInteger trained = new AtomicInteger();
    Sequential first =
        ModelCache.loadOrTrain(
            "k",
            () -> {
              trained.incrementAndGet();
              return tiny(5);
            });
    Sequential second =
        ModelCache.loadOrTrain(
            "k",
            () -> {
              trained.incrementAndGet();
              return tiny(6);
            });
    assertEquals(1, trained.get());
    INDArray x = TestData.uniform(1, 2, 4);
    assertEquals(first.predict(x), second.predict(x));
    assertEquals("k", ModelCache.metadata("k").get("cache_key"));
    assertEquals("quick", ModelCache.metadata("k").get("profile"));
  }

  @Test
  void loadOrTrain_corruptCacheFile_retrains() throws IOException {
    Files.writeString(ModelCache.path("k"), "garbage");
    AtomicInteger trained = new AtomicInteger();
    ModelCache.loadOrTrain(
        "k",
        () -> {
          trained.incrementAndGet();
          return tiny(5);
        });
    assertEquals(1, trained.get());
    assertTrue(ModelCache.contains("k"));
    assertTrue(ModelCache.evict("k"));
    assertFalse(ModelCache.contains("k"));
  }

  @Test
  void sharedCache_isReadFromButNeverWritten() throws IOException {
    Path shared = dir.resolve("shared");
    Path own = dir.resolve("own");
    String oldShared = System.getProperty(ModelCache.SHARED_DIR_PROPERTY);
    try {
      // The instructor seeds the shared cache ...
      System.setProperty(ModelCache.CACHE_DIR_PROPERTY, shared.toString());
      Sequential seeded = ModelCache.loadOrTrain("teacher", () -> tiny(5));
      long seededBytes = Files.size(ModelCache.path("teacher"));
      // ... and a learner reads it beneath their own cache.
      System.setProperty(ModelCache.CACHE_DIR_PROPERTY, own.toString());
      System.setProperty(ModelCache.SHARED_DIR_PROPERTY, shared.toString());
      AtomicInteger trained = new AtomicInteger();
      Sequential loaded =
          ModelCache.loadOrTrain(
              "teacher",
              () -> {
                trained.incrementAndGet();
                return tiny(6);
              });
      assertEquals(0, trained.get(), "a model in the shared cache is loaded, not trained again");
      INDArray x = TestData.uniform(1, 2, 4);
      assertEquals(seeded.predict(x), loaded.predict(x));
      assertEquals(
          shared.resolve(ModelCache.path("teacher").getFileName()),
          ModelCache.find("teacher").orElseThrow());
      // What the learner derives goes to the learner's cache.
      ModelCache.loadOrTrain("student", () -> tiny(7));
      assertTrue(Files.isRegularFile(own.resolve(ModelCache.path("student").getFileName())));
      assertFalse(Files.exists(shared.resolve(ModelCache.path("student").getFileName())));
      assertEquals(own.resolve("logits.bin"), ModelCache.resolve("logits.bin"));
      // Evicting never deletes the shared copy.
      assertFalse(ModelCache.evict("teacher"));
      assertEquals(
          seededBytes, Files.size(shared.resolve(ModelCache.path("teacher").getFileName())));
    } finally {
      restore(ModelCache.SHARED_DIR_PROPERTY, oldShared);
    }
  }
}
