package io.github.compressionlab.nn;

/**
 * One compiled operation of a {@link JavaProgram}, working on one example's activations as a flat
 * float array in the model's own channels-first order ({@code [C, H, W]} row-major, or a vector).
 */
interface JavaStage {
  /** Values this stage writes per example. */
  int outSize();

  /** Reads {@code in}, writes {@code out} (distinct arrays, both at least large enough). */
  void run(float[] in, float[] out);

  /** How the stage of layer {@code name} shows in the program's description. */
  default String describe(String name) {
    return name;
  }
}
