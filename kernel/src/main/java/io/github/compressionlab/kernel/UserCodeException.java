package io.github.compressionlab.kernel;

/** Wraps an exception thrown by a cell's code, keeping the original with its stack trace. */
public final class UserCodeException extends RuntimeException {
  UserCodeException(Throwable cause) {
    super(
        cause.getClass().getName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
        cause,
        false,
        false);
  }
}
