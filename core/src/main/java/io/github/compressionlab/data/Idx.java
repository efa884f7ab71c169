package io.github.compressionlab.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reader for IDX files, the format of MNIST and Fashion-MNIST (Y. LeCun, "THE MNIST DATABASE of
 * handwritten digits", file format section): a 4-byte magic number {@code 0x00 0x00 type ndims},
 * then {@code ndims} big-endian int32 sizes, then the data in row-major order. Files may be plain
 * or gzip-compressed; which one is detected from the first bytes, not the file name.
 */
public final class Idx {
  /** IDX type code of unsigned bytes, the only element type MNIST-like sets use. */
  public static final int UBYTE = 0x08;

  private Idx() {}

  /**
   * The content of one IDX file.
   *
   * @param type element type code ({@code 0x08} unsigned byte, {@code 0x09} byte, {@code 0x0B}
   *     short, {@code 0x0C} int, {@code 0x0D} float, {@code 0x0E} double)
   * @param dims sizes of the dimensions, outermost first
   * @param data the raw elements, big-endian for multi-byte types
   */
  public record Content(int type, int[] dims, byte[] data) {
    /** Number of elements: the product of the dims. */
    public long count() {
      long n = 1;
      for (int d : dims) {
        n *= d;
      }
      return n;
    }

    @Override
    public String toString() {
      return "Idx.Content[type 0x"
          + Integer.toHexString(type)
          + ", dims "
          + Arrays.toString(dims)
          + "]";
    }
  }

  /** Reads a whole IDX file (gzip or plain). Errors name the file and what is wrong with it. */
  public static Content read(Path file) throws IOException {
    try (InputStream in = open(file)) {
      return read(in, file.toString());
    } catch (EOFException | ZipException e) {
      throw problem(file, "is a damaged or truncated gzip file (" + e.getMessage() + ")");
    }
  }

  /**
   * Reads the bytes of an IDX file (gzip or plain); {@code source} names it in error messages.
   *
   * @throws IOException saying what is wrong with the bytes: truncated, not IDX, sizes that do not
   *     match the data, a damaged gzip stream
   */
  public static Content decode(byte[] bytes, String source) throws IOException {
    InputStream raw = new java.io.ByteArrayInputStream(bytes);
    boolean gzip = bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1f && (bytes[1] & 0xFF) == 0x8b;
    try (InputStream in = gzip ? gunzip(raw, source) : raw) {
      return read(in, source);
    }
  }

  private static InputStream gunzip(InputStream raw, String source) throws IOException {
    try {
      return new GZIPInputStream(raw, 1 << 16);
    } catch (EOFException | ZipException e) {
      throw problem(source, "is a damaged or truncated gzip file (" + e.getMessage() + ")");
    }
  }

  private static Content read(InputStream in, String file) throws IOException {
    try {
      byte[] head = in.readNBytes(4);
      if (head.length < 4) {
        throw problem(file, "is truncated: it ends inside the 4-byte IDX magic number");
      }
      if (head[0] != 0 || head[1] != 0) {
        throw problem(
            file,
            String.format(
                "is not an IDX file: magic number starts 0x%02x%02x, expected 0x0000",
                head[0] & 0xFF, head[1] & 0xFF));
      }
      int type = head[2] & 0xFF;
      int elemBytes = elementBytes(type);
      if (elemBytes < 0) {
        throw problem(file, String.format("has unknown IDX element type 0x%02x", type));
      }
      int ndims = head[3] & 0xFF;
      if (ndims == 0) {
        throw problem(file, "declares 0 dimensions in its IDX magic number");
      }
      byte[] dimBytes = in.readNBytes(4 * ndims);
      if (dimBytes.length < 4 * ndims) {
        throw problem(
            file, "is truncated: it ends inside the list of " + ndims + " dimension sizes");
      }
      int[] dims = new int[ndims];
      long count = 1;
      for (int i = 0; i < ndims; i++) {
        int d =
            ((dimBytes[4 * i] & 0xFF) << 24)
                | ((dimBytes[4 * i + 1] & 0xFF) << 16)
                | ((dimBytes[4 * i + 2] & 0xFF) << 8)
                | (dimBytes[4 * i + 3] & 0xFF);
        if (d < 0) {
          throw problem(file, "declares a negative dimension size " + d);
        }
        dims[i] = d;
        // saturate instead of overflowing (255 dims of 2^31 overflow a long); a 0 still wins
        count = count > Integer.MAX_VALUE && d != 0 ? count : count * d;
      }
      long bytes = count > Integer.MAX_VALUE ? Long.MAX_VALUE : count * elemBytes;
      if (bytes > Integer.MAX_VALUE - 16) {
        throw problem(
            file,
            "declares "
                + (bytes == Long.MAX_VALUE ? "more than 2^31" : String.valueOf(bytes))
                + " bytes of data (dims "
                + Arrays.toString(dims)
                + "), too large to read");
      }
      byte[] data = in.readNBytes((int) bytes);
      if (data.length < bytes) {
        throw problem(
            file,
            "is truncated: dims "
                + Arrays.toString(dims)
                + " need "
                + bytes
                + " bytes of data but the file holds only "
                + data.length);
      }
      if (in.read() != -1) {
        throw problem(
            file,
            "has bytes after the "
                + bytes
                + " bytes of data its dims "
                + Arrays.toString(dims)
                + " declare; the header and the data disagree");
      }
      return new Content(type, dims, data);
    } catch (EOFException | ZipException e) {
      throw problem(file, "is a damaged or truncated gzip file (" + e.getMessage() + ")");
    }
  }

  /**
   * Reads an image file: unsigned bytes of shape {@code [N, H, W]}, returned as float32 {@code [N,
   * 1, H, W]} scaled to {@code [0,1]} (pixel / 255).
   */
  public static INDArray readImages(Path file) throws IOException {
    Content c = read(file);
    requireUbyte(file, c, 3, "[N, height, width] images");
    int[] d = c.dims();
    INDArray images = Nd4j.createUninitialized(DataType.FLOAT, d[0], 1, d[1], d[2]);
    toUnitFloats(c.data(), images);
    return images;
  }

  /**
   * Writes {@code pixel / 255} into the array's buffer in chunks: a bulk put into the native buffer
   * is several times faster than {@code Nd4j.create(float[])} for tens of megabytes.
   */
  private static void toUnitFloats(byte[] px, INDArray target) {
    FloatBuffer out = target.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    float[] chunk = new float[Math.min(px.length, 1 << 16)];
    final float scale = 1f / 255f;
    for (int start = 0; start < px.length; start += chunk.length) {
      int n = Math.min(chunk.length, px.length - start);
      for (int i = 0; i < n; i++) {
        chunk[i] = (px[start + i] & 0xFF) * scale;
      }
      out.put(chunk, 0, n);
    }
  }

  /** Reads a label file: unsigned bytes of shape {@code [N]}, returned as ints. */
  public static int[] readLabels(Path file) throws IOException {
    Content c = read(file);
    requireUbyte(file, c, 1, "[N] labels");
    byte[] b = c.data();
    int[] out = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i] & 0xFF;
    }
    return out;
  }

  /** True if the file starts with the gzip magic bytes {@code 1f 8b}. */
  public static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(2);
      return b.length == 2 && (b[0] & 0xFF) == 0x1f && (b[1] & 0xFF) == 0x8b;
    }
  }

  /** Opens the file for reading its IDX bytes, decompressing if it is gzip. */
  static InputStream open(Path file) throws IOException {
    try {
      InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        return new GZIPInputStream(raw, 1 << 16);
      }
      return raw;
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "IDX file not found");
    }
  }

  private static void requireUbyte(Path file, Content c, int rank, String what) throws IOException {
    if (c.type() != UBYTE || c.dims().length != rank) {
      throw problem(
          file,
          String.format(
              "holds type 0x%02x with dims %s, expected unsigned bytes (0x08) with %d dims for %s;"
                  + " is it the right file?",
              c.type(), Arrays.toString(c.dims()), rank, what));
    }
  }

  private static int elementBytes(int type) {
    return switch (type) {
      case 0x08, 0x09 -> 1;
      case 0x0B -> 2;
      case 0x0C, 0x0D -> 4;
      case 0x0E -> 8;
      default -> -1;
    };
  }

  private static IOException problem(Path file, String what) {
    return problem(file.toString(), what);
  }

  private static IOException problem(String file, String what) {
    return new IOException(
        "IDX file "
            + file
            + " "
            + what
            + ". Delete it and fetch it again (or reinstall the package that provided it).");
  }
}
