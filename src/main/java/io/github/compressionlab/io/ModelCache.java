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
 */
public final class ModelCache {
  /** Environment variable naming the cache directory. */
  public static final String CACHE_DIR_ENV = "LAB_CACHE_DIR";

  /** System property that overrides {@value #CACHE_DIR_ENV}. */
  public static final String CACHE_DIR_PROPERTY = "lab.cacheDir";

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
   * The file of {@code key} under the current profile: {@code <root>/<key>-<profile>.safetensors}.
   */
  public static Path path(String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException(
          "a model cache key must be a non-empty name, e.g. \"teacher-seed42\"");
    }
    String safe = key.trim().replaceAll("[^A-Za-z0-9._-]", "_");
    return root().resolve(safe + "-" + Profile.current().id() + ".safetensors");
  }

  /** True if a model is stored under {@code key} for the current profile. */
  public static boolean contains(String key) {
    return Files.isRegularFile(path(key));
  }

  /**
   * The stored model of {@code key}, or, if there is none (or it is unreadable), the model {@code
   * train} returns, which is then stored. Returns a fresh model each call, so callers may prune or
   * fine-tune it without touching the cache.
   */
  public static Sequential loadOrTrain(String key, Supplier<Sequential> train) {
    Path file = path(key);
    if (Files.isRegularFile(file)) {
      try {
        Sequential m = ModelFile.load(file);
        System.out.println("Loaded cached model '" + key + "' from " + file);
        return m;
      } catch (UncheckedIOException | IllegalArgumentException e) {
        System.out.println(
            "Cached model " + file + " is unusable (" + e.getMessage() + "); training it again.");
      }
    }
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
    Path file = path(key);
    return Files.isRegularFile(file) ? ModelFile.metadata(file) : Map.of();
  }

  /** Deletes {@code key}'s model for the current profile, if any; true if a file was deleted. */
  public static boolean evict(String key) {
    try {
      return Files.deleteIfExists(path(key));
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + path(key) + ": " + e.getMessage(), e);
    }
  }
}
