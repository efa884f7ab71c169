package io.github.compressionlab.data;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the files of an {@link ImageSet}: first in the given directories (by default {@code
 * LAB_DATA_DIR}, then the per-user cache {@code ~/.cache/compression-lab/<set>/}, then the system
 * directories such as Debian's {@code /usr/share/datasets/fashion-mnist}); else downloads them into
 * the cache from the set's official location, checked against SHA-256 and written atomically.
 * Either the published {@code .gz} name or the decompressed name is accepted.
 */
public final class DataLocator {
  /**
   * Environment variable naming a directory that holds data files (or one subdirectory per set).
   */
  public static final String DATA_DIR_ENV = "LAB_DATA_DIR";

  /** System property that overrides {@value #DATA_DIR_ENV}. */
  public static final String DATA_DIR_PROPERTY = "lab.dataDir";

  private final List<Path> searchDirs;
  private final Path downloadDir;
  private final Fetcher fetcher;
  private final PrintStream progress;

  /**
   * @param searchDirs directories searched in order
   * @param downloadDir where downloaded files go (usually also one of the search dirs)
   * @param fetcher opens URLs; null disables downloading
   * @param progress where the download progress line is printed; null for silence
   */
  public DataLocator(
      List<Path> searchDirs, Path downloadDir, Fetcher fetcher, PrintStream progress) {
    this.searchDirs = List.copyOf(searchDirs);
    this.downloadDir = downloadDir;
    this.fetcher = fetcher;
    this.progress = progress;
  }

  /**
   * The standard search order for a set: {@code $LAB_DATA_DIR/<id>/}, {@code $LAB_DATA_DIR/},
   * {@code ~/.cache/compression-lab/<id>/}, the set's system directories; downloads go to the
   * per-user cache and print their progress to standard output.
   */
  public static DataLocator defaults(ImageSet set) {
    List<Path> dirs = new ArrayList<>();
    String dataDir = System.getProperty(DATA_DIR_PROPERTY);
    if (dataDir == null || dataDir.isBlank()) {
      dataDir = System.getenv(DATA_DIR_ENV);
    }
    if (dataDir != null && !dataDir.isBlank()) {
      Path d = Path.of(dataDir.trim());
      dirs.add(d.resolve(set.id()));
      dirs.add(d);
    }
    Path cache = userCacheDir(set);
    dirs.add(cache);
    dirs.addAll(set.systemDirs());
    return new DataLocator(dirs, cache, Fetcher.urlConnection(), System.out);
  }

  /** {@code ~/.cache/compression-lab/<id>/}. */
  public static Path userCacheDir(ImageSet set) {
    return Path.of(System.getProperty("user.home"), ".cache", "compression-lab", set.id());
  }

  public List<Path> searchDirs() {
    return searchDirs;
  }

  /** The path of an existing copy of {@code file}, downloading it first if there is none. */
  public Path find(ImageSet set, DataFile file) throws IOException {
    for (Path dir : searchDirs) {
      for (String name : List.of(file.fileName(), file.plainName())) {
        Path p = dir.resolve(name);
        if (Files.isRegularFile(p) && Files.isReadable(p)) {
          return p;
        }
      }
    }
    String downloadProblem;
    if (fetcher == null || downloadDir == null) {
      downloadProblem = "downloading is switched off";
    } else {
      List<URI> urls = new ArrayList<>();
      for (String base : set.baseUrls()) {
        urls.add(URI.create(base + file.fileName()));
      }
      try {
        return Download.fetch(urls, downloadDir.resolve(file.fileName()), file, fetcher, progress);
      } catch (IOException e) {
        downloadProblem = e.getMessage();
      }
    }
    throw new IOException(
        set.title()
            + " file "
            + file.fileName()
            + " was not found in "
            + searchDirs
            + " and "
            + downloadProblem
            + ".\nTo get the data, do one of:\n"
            + set.installHint()
            + "\n  - put the files in a directory and set "
            + DATA_DIR_ENV
            + " to it\n  - download "
            + (set.baseUrls().isEmpty() ? file.fileName() : set.baseUrls().get(0) + file.fileName())
            + " (and the other files of the set) into "
            + (downloadDir == null ? userCacheDirHint(set) : downloadDir));
  }

  private static String userCacheDirHint(ImageSet set) {
    return "~/.cache/compression-lab/" + set.id() + "/";
  }
}
