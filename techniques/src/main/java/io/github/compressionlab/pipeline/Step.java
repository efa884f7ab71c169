package io.github.compressionlab.pipeline;

import java.util.EnumSet;
import java.util.Set;

/**
 * One step of a {@link Pipeline}: a technique package's operation on the current model.
 *
 * <p>Call order: {@link Pipeline.Builder#build()} asks every step which {@link #accepts() forms} it
 * takes and what {@link #output form} it leaves, and refuses an order that cannot run (a step that
 * trains after one that stored integers); {@link Pipeline#run} then calls {@link #apply} once per
 * run.
 */
public interface Step {
  /** What a model is between two steps, as far as the next step cares. */
  enum Form {
    /** float weights, every layer whole: it can be trained and restructured */
    DENSE_FLOAT,
    /** float weights with a pruning mask: it can be trained, but its shapes are fixed */
    SPARSE_FLOAT,
    /** weights stored as integers or compressed codes: nothing trains it any more */
    INTEGER
  }

  /** A short name for the step's row in the pipeline's table, e.g. {@code "prune 50%"}. */
  String name();

  /** The technique: {@code distillation}, {@code pruning}, {@code quantization}, … */
  String technique();

  /** The forms of model this step can take (default: any). */
  default Set<Form> accepts() {
    return EnumSet.allOf(Form.class);
  }

  /** The form of what it returns for a model of form {@code input} (default: the same). */
  default Form output(Form input) {
    return input;
  }

  /**
   * Applies the step to {@code current} and returns what it produced, written to a file in {@code
   * context.directory()}. Must not modify {@code current}: an earlier step's result stays intact.
   */
  Artifact apply(Artifact current, PipelineContext context) throws Exception;
}
