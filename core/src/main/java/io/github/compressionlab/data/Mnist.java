package io.github.compressionlab.data;

import java.nio.file.Path;
import java.util.List;

/**
 * MNIST handwritten digits (Y. LeCun, C. Cortes, C. J. C. Burges): 60 000 training and 10 000 test
 * images, 28x28 grey, classes "0" to "9". Images come as float32 {@code [N,1,28,28]} in {@code
 * [0,1]}. Files are found as {@link DataLocator} describes (directory {@code mnist}).
 */
public final class Mnist {
  private Mnist() {}

  public static final List<String> CLASS_NAMES =
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  /** Mirrors of the original files (the original site now asks for a login). */
  public static final List<String> BASE_URLS =
      List.of(
          "https://ossci-datasets.s3.amazonaws.com/mnist/",
          "https://storage.googleapis.com/cvdf-datasets/mnist/");

  // SHA-256 of the original .gz files; the content hashes are not known here.
  public static final DataFile TRAIN_IMAGES =
      new DataFile(
          "train-images-idx3-ubyte.gz",
          "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
          null);
  public static final DataFile TRAIN_LABELS =
      new DataFile(
          "train-labels-idx1-ubyte.gz",
          "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
          null);
  public static final DataFile TEST_IMAGES =
      new DataFile(
          "t10k-images-idx3-ubyte.gz",
          "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
          null);
  public static final DataFile TEST_LABELS =
      new DataFile(
          "t10k-labels-idx1-ubyte.gz",
          "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
          null);

  public static final ImageSet SET =
      new ImageSet(
          "mnist",
          "MNIST",
          CLASS_NAMES,
          28,
          28,
          BASE_URLS,
          List.of(Path.of("/usr/share/datasets/mnist")),
          new ImageSet.Part("train", TRAIN_IMAGES, TRAIN_LABELS),
          new ImageSet.Part("test", TEST_IMAGES, TEST_LABELS),
          "  - download the four files from " + BASE_URLS.get(0));

  /** The 60 000 training digits (cached in memory after the first call). */
  public static Dataset train() {
    return SET.load(SET.train());
  }

  /** The 10 000 test digits (cached in memory after the first call). */
  public static Dataset test() {
    return SET.load(SET.test());
  }
}
