package io.github.compressionlab.data;

/**
 * One file of a published data set and how to recognise the genuine article.
 *
 * @param fileName the published name, e.g. {@code train-images-idx3-ubyte.gz}
 * @param sha256 SHA-256 of the published (gzip) file as its official location serves it
 * @param contentSha256 SHA-256 of the decompressed IDX bytes, or null if unknown; it identifies the
 *     data even when a mirror or a distribution package recompressed the file (Debian's {@code
 *     dataset-fashion-mnist} did, so its .gz files differ from the official ones byte for byte but
 *     not in content)
 */
public record DataFile(String fileName, String sha256, String contentSha256) {

  /** The name without {@code .gz}, under which a decompressed copy may be stored. */
  public String plainName() {
    return fileName.endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : fileName;
  }
}
