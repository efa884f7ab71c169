package io.github.compressionlab.kernel;

/** The running cell was interrupted by the user; the kernel and its variables remain. */
public final class EvaluationInterruptedException extends RuntimeException {
  EvaluationInterruptedException() {
    super("the cell was interrupted; variables defined before the interrupt are kept");
  }
}
