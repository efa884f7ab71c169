package io.github.compressionlab.nn;

/** Thrown when the training loss becomes NaN or infinite. */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message) {
    super(message);
  }
}
