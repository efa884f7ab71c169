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

  /** Metadata key of the SHA-256 the cache stores with each model it saves. */
  public static final String CHECKSUM_KEY = "content_sha256";

  /**
   * The stored model of {@code key}, or, if there is none, the model {@code train} returns, which
   * is then stored. Returns a fresh model each call, so callers may prune or fine-tune it without
   * touching the cache.
   *
   * <ul>
   *   <li>Many kernels at once: the entry is trained under a lock file beside it ({@code
   *       <file>.lock}), so when two kernels ask for the same missing model, one trains it and the
   *       other waits, then loads it; files are written to a temporary name and renamed, so no
   *       kernel ever reads half a file.
   *   <li>Damaged files: a cached file that fails its check (structure, architecture, or the
   *       SHA-256 the cache stored with it) is reported, moved aside to {@code
   *       <file>.corrupt-<timestamp>} and trained again; one in the read-only shared cache is
   *       reported and left alone, and the new model goes to the learner's cache.
   *   <li>A failed save (a full disk): the previous file is left as it was, and the error names the
   *       file and the reason.
   * </ul>
   */
  public static Sequential loadOrTrain(String key, Supplier<Sequential> train) {
    return entry(key, () -> new Trained(train.get(), Map.of())).model();
  }

  /**
   * What a training function hands the cache: the model and the facts to store beside it (its
   * history, accuracy, recipe), as strings.
   */
  public record Trained(Sequential model, Map<String, String> facts) {}

  /**
   * A model from the cache: the model (fresh for each call), the file it is stored in, the facts
   * stored with it, and whether it was trained by this call.
   */
  public record Entry(Sequential model, Path file, Map<String, String> metadata, boolean trained) {}

  /**
   * {@link #loadOrTrain} for models that keep facts beside them (the teacher's training history):
   * the same lock, checks and atomic save; {@code train} runs only if no kernel has the model.
   */
  public static Entry entry(String key, Supplier<Trained> train) {
    // the common case, without the lock: a cached file that passes its check
    for (Path file : candidates(key)) {
      Optional<Entry> m = tryLoad(file);
      if (m.isPresent()) {
        System.out.println("Loaded cached model '" + key + "' from " + file);
        return m.get();
      }
    }
    Path own = path(key);
    try (CacheLock lock = CacheLock.acquire(own, key)) {
      // checked again under the lock: another kernel may have saved it while this one waited,
      // and only the lock holder moves a damaged file aside
      for (Path file : candidates(key)) {
        try {
          Entry m = loadChecked(file);
          System.out.println("Loaded cached model '" + key + "' from " + file);
          return m;
        } catch (UncheckedIOException | IllegalArgumentException e) {
          if (file.equals(own)) {
            Path aside = moveAside(file);
            System.out.println(
                "Cached model "
                    + file
                    + " failed its check ("
                    + e.getMessage()
                    + "); moved it aside to "
                    + aside
                    + " and training it again.");
          } else {
            System.out.println(
                "Shared cached model "
                    + file
                    + " failed its check ("
                    + e.getMessage()
                    + "); training a copy into "
                    + own
                    + " (the shared cache is read-only: tell whoever runs it).");
          }
        }
      }
      removeStaleTemporaries(own);
      return trainAndSave(key, own, train);
    }
  }

  /** The learner's file of {@code key}, then the shared cache's, those that exist. */
  private static java.util.List<Path> candidates(String key) {
    java.util.List<Path> out = new java.util.ArrayList<>();
    Path own = path(key);
    if (Files.isRegularFile(own)) {
      out.add(own);
    }
    sharedRoot()
        .map(d -> d.resolve(fileName(key)))
        .filter(Files::isRegularFile)
        .ifPresent(out::add);
    return out;
  }

  private static Optional<Entry> tryLoad(Path file) {
    try {
      return Optional.of(loadChecked(file));
    } catch (UncheckedIOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads a cached file: its structure and architecture, and the SHA-256 stored with it (files
   * cached before the lab stored one are checked for structure only).
   *
   * @throws UncheckedIOException saying what failed
   */
  public static Entry loadChecked(Path file) {
    SafeTensors st = ModelFile.read(file);
    String stored = st.metadata().get(CHECKSUM_KEY);
    if (stored != null) {
      String actual = st.sha256(CHECKSUM_KEY);
      if (!actual.equals(stored)) {
        throw new UncheckedIOException(
            new IOException(
                "its content's SHA-256 is "
                    + actual.substring(0, 12)
                    + "..., not the "
                    + stored.substring(0, Math.min(12, stored.length()))
                    + "... stored with it: the file was damaged after it was saved"));
      }
    }
    return new Entry(ModelFile.fromSafeTensors(st, file.toString()), file, st.metadata(), false);
  }

  private static Path moveAside(Path file) {
    String stamp =
        java.time.LocalDateTime.now()
            .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp);
    try {
      return Files.move(file, aside);
    } catch (java.nio.file.NoSuchFileException e) {
      return aside; // already gone
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not move the damaged cache file " + file + " aside: " + e.getMessage(), e);
    }
  }

  /** Temporary files of a save that died (a killed kernel): nobody writes them while we lock. */
  private static void removeStaleTemporaries(Path own) {
    Path dir = own.toAbsolutePath().getParent();
    String prefix = "." + own.getFileName() + ".";
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (n.startsWith(prefix) && n.endsWith(".tmp")) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException e) {
      // a missing directory or a file another process removed: nothing to clean
    }
  }

  private static Entry trainAndSave(String key, Path file, Supplier<Trained> train) {
    long start = System.nanoTime();
    Trained t = train.get();
    if (t == null || t.model() == null) {
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
    facts.putAll(t.facts());
    save(t.model(), file, facts);
    System.out.println("Saved model '" + key + "' to " + file);
    return new Entry(t.model(), file, ModelFile.metadata(file), true);
  }

  /**
   * Saves {@code model} with its facts and the SHA-256 of the whole content, atomically.
   *
   * @throws UncheckedIOException naming the file and the reason (e.g. no space left on the device);
   *     the previous file, if there was one, is left as it was
   */
  public static void save(Sequential model, Path file, Map<String, String> facts) {
    SafeTensors st = ModelFile.toSafeTensors(model, facts);
    Map<String, String> meta = new LinkedHashMap<>(st.metadata());
    meta.put(CHECKSUM_KEY, st.sha256(CHECKSUM_KEY));
    SafeTensors checked = new SafeTensors(st.tensors(), meta);
    try {
      checked.write(file);
    } catch (IOException e) {
      boolean existed = Files.isRegularFile(file);
      throw new UncheckedIOException(
          "could not save the model to "
              + file
              + ": "
              + (e.getMessage() == null ? e.toString() : e.getMessage())
              + (existed ? "; the previous file there is unchanged" : "")
              + ". Free space in "
              + file.toAbsolutePath().getParent()
              + " or point LAB_CACHE_DIR at another directory",
          e);
    }
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
