package io.github.compressionlab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A published image classification set in IDX files (MNIST and its drop-in replacements): where it
 * lives and what it holds. {@link #load} reads a part into a {@link Dataset}; loaded parts stay in
 * memory (softly referenced), so calling {@code FashionMnist.train()} twice reads the files once.
 * Don't modify the arrays of a cached Dataset in place; {@code dup()} them first.
 *
 * @param id short name, used for directories: {@code fashion-mnist}
 * @param title printable name: {@code Fashion-MNIST}
 * @param classNames names of the classes, index = label
 * @param height image height in pixels
 * @param width image width in pixels
 * @param baseUrls official locations, each ending in {@code /}, tried in order
 * @param systemDirs directories where system packages install the files
 * @param train the training part
 * @param test the test part
 * @param installHint how to install the data, shown when it is missing
 */
public record ImageSet(
    String id,
    String title,
    List<String> classNames,
    int height,
    int width,
    List<String> baseUrls,
    List<Path> systemDirs,
    Part train,
    Part test,
    String installHint) {

  /** The two files of one part of the set, and its name ({@code train}, {@code test}). */
  public record Part(String name, DataFile images, DataFile labels) {}

  private static final Map<String, SoftReference<Dataset>> LOADED = new ConcurrentHashMap<>();

  /** Loads a part with the standard {@link DataLocator#defaults search order}, cached in memory. */
  public Dataset load(Part part) {
    String key = id + "/" + part.name();
    SoftReference<Dataset> ref = LOADED.get(key);
    Dataset d = ref == null ? null : ref.get();
    if (d != null) {
      return d;
    }
    synchronized (LOADED) {
      ref = LOADED.get(key);
      d = ref == null ? null : ref.get();
      if (d == null) {
        try {
          d = load(part, DataLocator.defaults(this));
        } catch (IOException e) {
          throw new UncheckedIOException(e.getMessage(), e);
        }
        LOADED.put(key, new SoftReference<>(d));
      }
      return d;
    }
  }

  /** Loads a part through the given locator, without the in-memory cache. */
  public Dataset load(Part part, DataLocator locator) throws IOException {
    Path imageFile = locator.find(this, part.images());
    Path labelFile = locator.find(this, part.labels());
    INDArray images = Idx.readImages(imageFile);
    int[] labels = Idx.readLabels(labelFile);
    long[] shape = images.shape();
    if (shape[2] != height || shape[3] != width) {
      throw new IOException(
          title
              + " images in "
              + imageFile
              + " are "
              + shape[2]
              + "x"
              + shape[3]
              + " pixels, expected "
              + height
              + "x"
              + width
              + "; is it a file of another data set?");
    }
    if (shape[0] != labels.length) {
      throw new IOException(
          title
              + " "
              + part.name()
              + " has "
              + shape[0]
              + " images in "
              + imageFile
              + " but "
              + labels.length
              + " labels in "
              + labelFile
              + "; the two files must come from the same part of the same set (replace the odd one)");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= classNames.size()) {
        throw new IOException(
            "label file "
                + labelFile
                + " has label "
                + labels[i]
                + " at row "
                + i
                + ", but "
                + title
                + " has only "
                + classNames.size()
                + " classes; is it a label file of another data set?");
      }
    }
    return new Dataset(id + "/" + part.name(), images, labels, classNames);
  }

  /** Forgets the in-memory copies of all loaded sets. */
  public static void clearMemoryCache() {
    LOADED.clear();
  }

  @Override
  public String toString() {
    return title
        + " "
        + classNames.size()
        + " classes, "
        + height
        + "x"
        + width
        + " "
        + Arrays.asList(train.name(), test.name());
  }
}
