package io.github.compressionlab.pipeline;

/** One step of a {@link Pipeline}: a technique package's operation on the current model. */
public interface Step {
  /** A short name for the step's row in the pipeline's table, e.g. {@code "prune 50%"}. */
  String name();

  /** The technique: {@code distillation}, {@code pruning}, {@code quantization}, … */
  String technique();

  /**
   * Applies the step to {@code current} and returns what it produced, written to a file in {@code
   * context.directory()}. Must not modify {@code current}: an earlier step's result stays intact.
   */
  Artifact apply(Artifact current, PipelineContext context) throws Exception;
}
