package io.github.compressionlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The model cache as many kernels share it: two JVMs asking for one missing model at once, damaged
 * files moved aside and trained again, and a full disk while saving.
 */
class SharedModelCacheTest {
  @TempDir Path dir;
  private String oldDir;
  private String oldShared;
  private String oldProfile;

  @BeforeEach
  void pointCacheAtTempDir() {
    oldDir = System.getProperty(ModelCache.CACHE_DIR_PROPERTY);
    oldShared = System.getProperty(ModelCache.SHARED_DIR_PROPERTY);
    oldProfile = System.getProperty("lab.profile");
    System.setProperty(ModelCache.CACHE_DIR_PROPERTY, dir.resolve("own").toString());
    System.clearProperty(ModelCache.SHARED_DIR_PROPERTY);
    System.setProperty("lab.profile", "quick");
  }

  @AfterEach
  void restore() {
    restore(ModelCache.CACHE_DIR_PROPERTY, oldDir);
    restore(ModelCache.SHARED_DIR_PROPERTY, oldShared);
    restore("lab.profile", oldProfile);
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  @Test
  void twoJvmsAskingForOneMissingModel_oneTrainsTheOtherWaitsAndLoadsIt() throws Exception {
    Path cache = dir.resolve("contended-cache");
    Path go = dir.resolve("go");
    Path trainings = dir.resolve("trainings.txt");
    List<Process> jvms = new ArrayList<>();
    for (long seed : new long[] {1, 2}) {
      jvms.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx512m",
                  "-Dlab.profile=quick",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CacheContender.class.getName(),
                  cache.toString(),
                  go.toString(),
                  trainings.toString(),
                  "3000",
                  Long.toString(seed))
              .redirectErrorStream(true)
              .start());
    }
    List<List<String>> out = new ArrayList<>();
    for (Process p : jvms) {
      out.add(new ArrayList<>());
    }
    List<Thread> readers = new ArrayList<>();
    for (int i = 0; i < jvms.size(); i++) {
      Process p = jvms.get(i);
      List<String> lines = out.get(i);
      Thread t =
          new Thread(
              () ->
                  new java.io.BufferedReader(
                          new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                      .lines()
                      .forEach(
                          l -> {
                            synchronized (lines) {
                              lines.add(l);
                            }
                          }));
      t.start();
      readers.add(t);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!out.stream().allMatch(SharedModelCacheTest::saidReady)) {
      assertTrue(System.nanoTime() < deadline, "the JVMs did not start: " + out);
      assertTrue(jvms.stream().allMatch(Process::isAlive), "a JVM died: " + out);
      Thread.sleep(20);
    }
    Files.createFile(go); // both ask now
    for (Process p : jvms) {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "a contender hangs: " + out);
      assertEquals(0, p.exitValue(), "a contender failed: " + out);
    }
    for (Thread t : readers) {
      t.join();
    }
    List<String> trained = Files.readAllLines(trainings);
    assertEquals(1, trained.size(), "exactly one training, got " + trained + "; output " + out);
    String all = out.toString();
    assertTrue(all.contains("Waiting for another kernel"), all);
    assertTrue(all.contains("Saved model 'contended'"), all);
    assertTrue(all.contains("Loaded cached model 'contended'"), all);
    assertEquals(sum(out.get(0)), sum(out.get(1)), "both got the same model: " + all);
    try (Stream<Path> files = Files.list(cache)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(
          List.of("contended-quick.safetensors", "contended-quick.safetensors.lock"),
          names,
          "one model file and its lock, no temporary left");
    }
  }

  private static boolean saidReady(List<String> lines) {
    synchronized (lines) {
      return lines.contains("ready");
    }
  }

  private static String sum(List<String> lines) {
    return lines.stream().filter(l -> l.startsWith("sum ")).findFirst().orElse("no sum");
  }

  @Test
  void twoThreadsAskingAtOnce_trainOnce() throws Exception {
    AtomicInteger trained = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    List<Sequential> got = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 3; i++) {
      Thread t =
          new Thread(
              () ->
                  got.add(
                      ModelCache.loadOrTrain(
                          "threads",
                          () -> {
                            trained.incrementAndGet();
                            sleep(300);
                            return ModelCacheTest.tiny(3);
                          })));
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(1, trained.get());
    assertEquals(3, got.size());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void truncatedFile_isReportedMovedAsideAndTrainedAgain() throws IOException {
    ModelCache.loadOrTrain("k", () -> ModelCacheTest.tiny(1));
    Path f = ModelCache.path("k");
    byte[] whole = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(whole, whole.length - 7));
    String said = capture(() -> assertRetrains("k", 2));
    assertTrue(said.contains("failed its check"), said);
    assertTrue(said.contains("moved it aside to"), said);
    assertEquals(1, corruptCopies(f).size());
    assertEquals(whole.length - 7, Files.size(corruptCopies(f).get(0)), "the damaged file is kept");
  }

  @Test
  void bitFlippedWeight_failsTheChecksum_isMovedAsideAndTrainedAgain() throws IOException {
    ModelCache.loadOrTrain("k", () -> ModelCacheTest.tiny(1));
    Path f = ModelCache.path("k");
    byte[] b = Files.readAllBytes(f);
    b[b.length - 3] ^= 0x10; // a bit of the last float: still a valid safetensors file
    Files.write(f, b);
    assertTrue(ModelFile.load(f) != null, "structurally the flipped file is fine");
    String said = capture(() -> assertRetrains("k", 2));
    assertTrue(said.contains("SHA-256"), said);
    assertEquals(1, corruptCopies(f).size());
    assertTrue(Files.isRegularFile(f));
    ModelCache.loadChecked(f); // the new file passes
  }

  @Test
  void damagedSharedFile_isReportedLeftAloneAndTrainedIntoTheLearnersCache() throws IOException {
    Path shared = dir.resolve("shared");
    System.setProperty(ModelCache.CACHE_DIR_PROPERTY, shared.toString());
    ModelCache.loadOrTrain("teacher", () -> ModelCacheTest.tiny(1));
    Path sharedFile = ModelCache.path("teacher");
    byte[] b = Files.readAllBytes(sharedFile);
    b[b.length - 1] ^= 0x01;
    Files.write(sharedFile, b);
    System.setProperty(ModelCache.CACHE_DIR_PROPERTY, dir.resolve("own").toString());
    System.setProperty(ModelCache.SHARED_DIR_PROPERTY, shared.toString());
    String said = capture(() -> assertRetrains("teacher", 2));
    assertTrue(said.contains("Shared cached model"), said);
    assertEquals(List.of(), corruptCopies(sharedFile), "the shared cache is never written");
    assertTrue(java.util.Arrays.equals(b, Files.readAllBytes(sharedFile)));
    assertEquals(ModelCache.path("teacher"), ModelCache.find("teacher").orElseThrow());
  }

  @Test
  void filesCachedBeforeChecksums_stillLoad() throws IOException {
    Path f = ModelCache.path("old");
    ModelFile.save(ModelCacheTest.tiny(4), f); // no content_sha256, as older labs wrote them
    AtomicInteger trained = new AtomicInteger();
    ModelCache.loadOrTrain(
        "old",
        () -> {
          trained.incrementAndGet();
          return ModelCacheTest.tiny(5);
        });
    assertEquals(0, trained.get());
  }

  private static void assertRetrains(String key, long seed) {
    AtomicInteger trained = new AtomicInteger();
    Sequential m =
        ModelCache.loadOrTrain(
            key,
            () -> {
              trained.incrementAndGet();
              return ModelCacheTest.tiny(seed);
            });
    assertEquals(1, trained.get(), "the damaged model is trained again");
    INDArray x = TestData.uniform(3, 2, 4);
    assertEquals(ModelCacheTest.tiny(seed).predict(x), m.predict(x));
  }

  private static List<Path> corruptCopies(Path f) throws IOException {
    try (Stream<Path> files = Files.list(f.getParent())) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(f.getFileName() + ".corrupt-"))
          .toList();
    }
  }

  private static String capture(Runnable r) {
    PrintStream old = System.out;
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    System.setOut(new PrintStream(b, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(old);
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ a full disk

  @Test
  void writeFailingHalfway_leavesThePreviousFileAsItWas() throws IOException {
    Path f = dir.resolve("m.safetensors");
    AtomicWrite.write(f, "previous".getBytes(StandardCharsets.UTF_8));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicWrite.write(
                    f,
                    out -> {
                      out.write(new byte[100_000]); // past the buffer: bytes reach the disk
                      throw new IOException("No space left on device");
                    }));
    assertEquals("No space left on device", e.getMessage());
    assertEquals("previous", Files.readString(f));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count());
    }
  }

  /**
   * On a real full file system: a 192 KiB tmpfs (mounting needs root, as in the lab's containers
   * and CI; elsewhere the test is skipped and the injected failure above still runs).
   */
  @Test
  void fullDisk_keepsThePreviousModelAndTheErrorNamesTheFileAndWhy() throws Exception {
    Path mnt = Files.createDirectories(dir.resolve("small-disk"));
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=192k", "tmpfs", mnt.toString())
            .redirectErrorStream(true)
            .start();
    boolean mounted = mount.waitFor(20, TimeUnit.SECONDS) && mount.exitValue() == 0;
    Assumptions.assumeTrue(mounted, "cannot mount a small tmpfs here (not root?)");
    try {
      System.setProperty(ModelCache.CACHE_DIR_PROPERTY, mnt.toString());
      ModelCache.loadOrTrain("m", () -> ModelCacheTest.tiny(1));
      Path f = ModelCache.path("m");
      byte[] before = Files.readAllBytes(f);
      // a model of 100,000 floats (400 KB) cannot fit in 192 KiB
      Sequential big = Sequential.builder(1000).dense("fc1", 100).seed(2).build();
      UncheckedIOException e =
          assertThrows(
              UncheckedIOException.class,
              () -> ModelCache.save(big, f, java.util.Map.of("cache_key", "m")));
      String m = e.getMessage();
      assertTrue(m.contains(f.toString()), m);
      assertTrue(m.contains("No space left on device"), m);
      assertTrue(m.contains("previous file there is unchanged"), m);
      assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(f)));
      ModelCache.loadChecked(f);
      try (Stream<Path> files = Files.list(mnt)) {
        assertFalse(
            files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")),
            "the half-written temporary is removed");
      }
      assertNotEquals(0, before.length);
    } finally {
      new ProcessBuilder("umount", mnt.toString()).start().waitFor(20, TimeUnit.SECONDS);
    }
  }
}
