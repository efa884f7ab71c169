package io.github.compressionlab.io;

import io.github.compressionlab.Profile;
import io.github.compressionlab.nn.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Trained models that notebooks share, above all the teacher, stored as {@link ModelFile}s in
 * {@code ~/.cache/compression-lab/models/} (or {@code $LAB_CACHE_DIR}). A key names a model; the
 * file name adds the {@link Profile}, so quick and full runs never share a file. Use {@link
 * #key(String, Sequential, long)} to build keys from a name, the architecture and the seed, so a
 * changed architecture or seed is a different entry:
 *
 * <pre>{@code
 * var arch = Teacher.architecture();
 * Sequential teacher = ModelCache.loadOrTrain(ModelCache.key("teacher", arch, 42), () -> train(arch));
 * }</pre>
 *
 * <p>On a workshop server a pre-seeded cache can be shared read-only ({@code
 * $LAB_SHARED_CACHE_DIR}) beneath each learner's own cache: {@link #find} and {@link #resolve} look
 * in the learner's cache first, then in the shared one; everything is written to the learner's
 * ({@link #root()}), never to the shared cache.
 */
public final class ModelCache {
  /** Environment variable naming the cache directory. */
  public static final String CACHE_DIR_ENV = "LAB_CACHE_DIR";

  /** System property that overrides {@value #CACHE_DIR_ENV}. */
  public static final String CACHE_DIR_PROPERTY = "lab.cacheDir";

  /** Environment variable naming a read-only cache shared by every learner of a server. */
  public static final String SHARED_DIR_ENV = "LAB_SHARED_CACHE_DIR";

  /** System property that overrides {@value #SHARED_DIR_ENV}. */
  public static final String SHARED_DIR_PROPERTY = "lab.sharedCacheDir";

  private ModelCache() {}

  /**
   * The cache directory: {@code lab.cacheDir}, {@code LAB_CACHE_DIR}, else {@code
   * ~/.cache/compression-lab/models}.
   */
  public static Path root() {
    String dir = System.getProperty(CACHE_DIR_PROPERTY);
    if (dir == null || dir.isBlank()) {
      dir = System.getenv(CACHE_DIR_ENV);
    }
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir.trim());
    }
    return Path.of(System.getProperty("user.home"), ".cache", "compression-lab", "models");
  }

  /**
   * The read-only shared cache ({@code lab.sharedCacheDir}, else {@code LAB_SHARED_CACHE_DIR}), if
   * one is set and is not the writable cache itself.
   */
  public static Optional<Path> sharedRoot() {
    String dir = System.getProperty(SHARED_DIR_PROPERTY);
    if (dir == null || dir.isBlank()) {
      dir = System.getenv(SHARED_DIR_ENV);
    }
    if (dir == null || dir.isBlank()) {
      return Optional.empty();
    }
    Path shared = Path.of(dir.trim());
    return shared.toAbsolutePath().normalize().equals(root().toAbsolutePath().normalize())
        ? Optional.empty()
        : Optional.of(shared);
  }

  /**
   * The cached file named {@code fileName}: the learner's copy if there is one, else the shared
   * cache's, else the path in the learner's cache where it is to be written.
   */
  public static Path resolve(String fileName) {
    Path own = root().resolve(fileName);
    if (Files.isRegularFile(own)) {
      return own;
    }
    Optional<Path> shared = sharedRoot().map(d -> d.resolve(fileName));
    return shared.filter(Files::isRegularFile).orElse(own);
  }

  /**
   * A key of name, architecture and seed: {@code name-<8 hex digits of the architecture's
   * SHA-256>-seed<seed>}.
   */
  public static String key(String name, Sequential architecture, long seed) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(architecture.architectureJson().getBytes(StandardCharsets.UTF_8));
      return name + "-" + HexFormat.of().formatHex(h, 0, 4) + "-seed" + seed;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The file of {@code key} under the current profile in the learner's (writable) cache: {@code
   * <root>/<key>-<profile>.safetensors}. This is where a model is saved; {@link #find} is where it
   * is loaded from.
   */
  public static Path path(String key) {
    return root().resolve(fileName(key));
  }

  /**
   * The stored file of {@code key} for the current profile: in the learner's cache, else in the
   * shared cache; empty if neither has it.
   */
  public static Optional<Path> find(String key) {
    Path file = resolve(fileName(key));
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  private static String fileName(String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException(
          "a model cache key must be a non-empty name, e.g. \"teacher-seed42\"");
    }
    String safe = key.trim().replaceAll("[^A-Za-z0-9._-]", "_");
    return safe + "-" + Profile.current().id() + ".safetensors";
  }

  /** True if a model is stored under {@code key} for the current profile (own or shared cache). */
  public static boolean contains(String key) {
    return find(key).isPresent();
  }

  /**
   * The stored model of {@code key}, or, if there is none (or it is unreadable), the model {@code
   * train} returns, which is then stored. Returns a fresh model each call, so callers may prune or
   * fine-tune it without touching the cache.
   */
  public static Sequential loadOrTrain(String key, Supplier<Sequential> train) {
    Optional<Path> found = find(key);
    if (found.isPresent()) {
      Path file = found.get();
      try {
        Sequential m = ModelFile.load(file);
        System.out.println("Loaded cached model '" + key + "' from " + file);
        return m;
      } catch (UncheckedIOException | IllegalArgumentException e) {
        System.out.println(
            "Cached model " + file + " is unusable (" + e.getMessage() + "); training it again.");
      }
    }
    Path file = path(key);
    long start = System.nanoTime();
    Sequential model = train.get();
    if (model == null) {
      throw new IllegalStateException(
          "the training function for '"
              + key
              + "' returned null; it must return the trained model");
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("cache_key", key);
    facts.put("profile", Profile.current().id());
    facts.put(
        "train_seconds", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
    ModelFile.save(model, file, facts);
    System.out.println("Saved model '" + key + "' to " + file);
    return model;
  }

  /** The metadata stored with {@code key}'s model; empty if there is none. */
  public static Map<String, String> metadata(String key) {
    return find(key).map(ModelFile::metadata).orElse(Map.of());
  }

  /**
   * Deletes {@code key}'s model for the current profile from the learner's cache, if it is there;
   * true if a file was deleted. The shared cache is never touched.
   */
  public static boolean evict(String key) {
    try {
      return Files.deleteIfExists(path(key));
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + path(key) + ": " + e.getMessage(), e);
    }
  }
}
