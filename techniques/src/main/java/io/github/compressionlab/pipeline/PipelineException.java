package io.github.compressionlab.pipeline;

/**
 * A step failed. {@link #partial()} holds every model measured before it, with their files: no
 * earlier step's result is lost.
 */
public final class PipelineException extends RuntimeException {
  private final transient Pipeline.Result partial;

  PipelineException(String message, Throwable cause, Pipeline.Result partial) {
    super(message, cause);
    this.partial = partial;
  }

  /** The rows measured before the failing step (the starting model at least). */
  public Pipeline.Result partial() {
    return partial;
  }
}
