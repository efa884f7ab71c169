package io.github.compressionlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.Profile;
import io.github.compressionlab.data.FashionMnist;
import io.github.compressionlab.io.ModelCache;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.TrainingConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class TeacherTest {
  @TempDir Path cache;

  @AfterEach
  void clearCacheDir() {
    System.clearProperty(ModelCache.CACHE_DIR_PROPERTY);
  }

  @Test
  void architecture_isBigEnoughToCompress() {
    Sequential t = Teacher.architecture(Teacher.SEED);
    // conv1 1*32*9+32 = 320; conv2 32*64*9+64 = 18,496; fc1 3136*256+256 = 803,072;
    // fc2 256*10+10 = 2,570; total 824,458.
    assertEquals(824_458, t.paramCount());
    assertArrayEquals(new long[] {10}, t.outputShape());
  }

  @Test
  void recipe_rejectsNonsense() {
    TrainingConfig oneEpoch = TrainingConfig.builder().epochs(1).seed(1).build();
    assertThrows(IllegalArgumentException.class, () -> new Teacher.Recipe(oneEpoch, -1, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new Teacher.Recipe(oneEpoch, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Teacher.Recipe(null, 0, 0.1));
    // the recipe holds out its own validation split
    TrainingConfig withValidation =
        oneEpoch.toBuilder()
            .validation(io.github.compressionlab.testing.TestData.blobs(8, 2, 4, 1))
            .build();
    assertThrows(IllegalArgumentException.class, () -> new Teacher.Recipe(withValidation, 0, 0.1));
  }

  @Test
  void recipe_quickIsSmallerThanFull() {
    Teacher.Recipe full = Teacher.Recipe.of(Profile.FULL);
    Teacher.Recipe quick = Teacher.Recipe.of(Profile.QUICK);
    assertEquals(0, full.trainExamples());
    assertTrue(quick.trainExamples() > 0 && quick.epochs() <= full.epochs());
  }

  @Test
  @Tag("slow")
  void load_trainsOnceThenComesFromTheCacheWithItsHistory() {
    System.setProperty(ModelCache.CACHE_DIR_PROPERTY, cache.toString());
    Teacher.Recipe tiny =
        new Teacher.Recipe(
            TrainingConfig.builder().epochs(1).batchSize(100).learningRate(1e-3).seed(7).build(),
            600,
            0.2);

    Teacher.Trained first = Teacher.load(tiny);
    Teacher.Trained second = Teacher.load(tiny);

    assertFalse(first.fromCache());
    assertTrue(second.fromCache());
    assertEquals(first.file(), second.file());
    assertEquals(1, second.epochs().size());
    assertEquals(
        first.epochs().get(0).validationAccuracy(), second.epochs().get(0).validationAccuracy());
    INDArray x = FashionMnist.test().subset(0, 32).images();
    assertEquals(first.model().predict(x), second.model().predict(x));
  }
}
