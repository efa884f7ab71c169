package io.github.compressionlab.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (H. Xiao, K. Rasul, R. Vollgraf, "Fashion-MNIST: a Novel Image Dataset for
 * Benchmarking Machine Learning Algorithms", arXiv:1708.07747, 2017): 60 000 training and 10 000
 * test images of Zalando articles, 28x28 grey, 10 classes. Images come as float32 {@code
 * [N,1,28,28]} in {@code [0,1]}. Files are found as {@link DataLocator} describes; Debian's {@code
 * dataset-fashion-mnist} package provides them in {@code /usr/share/datasets/fashion-mnist}.
 */
public final class FashionMnist {
  private FashionMnist() {}

  /** The class names, index = label. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** The project's GitHub copy, then the S3 location the project's README documents. */
  public static final List<String> BASE_URLS =
      List.of(
          "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
          "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

  /** Where Debian's {@code dataset-fashion-mnist} installs the (recompressed) files. */
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  // sha256: of the official .gz files; contentSha256: of the decompressed IDX bytes, computed from
  // Debian's dataset-fashion-mnist 0.0~git20200523.55506a9-1, whose .gz files are recompressed.
  public static final DataFile TRAIN_IMAGES =
      new DataFile(
          "train-images-idx3-ubyte.gz",
          "08dc20ab1689590a0bcd66e874647b6ee8464e2d501b5a3f1f78831db19a3fdc",
          "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888");
  public static final DataFile TRAIN_LABELS =
      new DataFile(
          "train-labels-idx1-ubyte.gz",
          "b0197879cbda89f3dc7b894f9fd52b858e68ea4182b6947c9d8c2b67e5f18dcc",
          "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9");
  public static final DataFile TEST_IMAGES =
      new DataFile(
          "t10k-images-idx3-ubyte.gz",
          "78dcbbfb5a27efaf1b6c1d616caca68560be8766c5bffcb2791df9273a534229",
          "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b");
  public static final DataFile TEST_LABELS =
      new DataFile(
          "t10k-labels-idx1-ubyte.gz",
          "42bd18137a62d5998cdeae52bf3a0676ac6b706f5cf8439b47bb5b151ae3dccf",
          "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

  /** The description of the set: files, locations, classes. */
  public static final ImageSet SET =
      new ImageSet(
          "fashion-mnist",
          "Fashion-MNIST",
          CLASS_NAMES,
          28,
          28,
          BASE_URLS,
          List.of(DEBIAN_DIR),
          new ImageSet.Part("train", TRAIN_IMAGES, TRAIN_LABELS),
          new ImageSet.Part("test", TEST_IMAGES, TEST_LABELS),
          "  - on Debian or Ubuntu: sudo apt-get install dataset-fashion-mnist");

  /** The 60 000 training images (cached in memory after the first call). */
  public static Dataset train() {
    return SET.load(SET.train());
  }

  /** The 10 000 test images (cached in memory after the first call). */
  public static Dataset test() {
    return SET.load(SET.test());
  }
}
