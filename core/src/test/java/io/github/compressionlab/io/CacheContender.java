package io.github.compressionlab.io;

import io.github.compressionlab.nn.Sequential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One of the kernels in {@link SharedModelCacheTest}: a JVM that asks the cache for a model, as a
 * notebook asks for the teacher. It says "ready", waits for the test's go file so that every
 * contender asks at the same moment, then calls {@link ModelCache#loadOrTrain}; its training
 * function appends a line to the trainings file and takes {@code trainMillis}, so the others ask
 * while it trains. Finally it prints the sum of the parameters it got.
 *
 * <p>Arguments: cache dir, go file, trainings file, train millis, seed.
 */
public final class CacheContender {
  private CacheContender() {}

  public static void main(String[] args) throws Exception {
    System.setProperty(ModelCache.CACHE_DIR_PROPERTY, args[0]);
    Path go = Path.of(args[1]);
    Path trainings = Path.of(args[2]);
    long trainMillis = Long.parseLong(args[3]);
    long seed = Long.parseLong(args[4]);
    ModelCacheTest.tiny(0); // ND4J loaded before the race starts
    System.out.println("ready");
    System.out.flush();
    while (!Files.exists(go)) {
      Thread.sleep(5);
    }
    Sequential m =
        ModelCache.loadOrTrain(
            "contended",
            () -> {
              try {
                Files.write(
                    trainings,
                    ("trained by seed " + seed + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
                Thread.sleep(trainMillis);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              return ModelCacheTest.tiny(seed);
            });
    System.out.println(
        "sum "
            + m.parameters().values().stream()
                .mapToDouble(p -> p.value().sumNumber().doubleValue())
                .sum());
  }
}
