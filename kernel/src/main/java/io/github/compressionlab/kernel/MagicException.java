package io.github.compressionlab.kernel;

/** A magic could not do its work (bad arguments, missing file, failed resolution). */
public final class MagicException extends RuntimeException {
  MagicException(String message, Throwable cause) {
    super(message, cause);
  }
}
