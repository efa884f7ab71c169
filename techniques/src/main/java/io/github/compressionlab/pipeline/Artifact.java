package io.github.compressionlab.pipeline;

import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.prune.Mask;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a pipeline step produces: the model as it runs ({@link #runnable}), as it is stored ({@link
 * #file}, in the format named by {@link #format}), and, while the weights are still float32, the
 * {@link #trainable} model with the {@link #mask} that keeps pruned weights at zero.
 *
 * @param trainable the float model later steps may train, or {@code null} once the weights are
 *     integers (after quantization or Deep Compression)
 * @param mask pruned weights to keep at zero in later training, or {@code null}
 * @param runnable the model that is measured: the float model, or its integer/compressed form
 * @param format how the file stores the weights: {@code float32}, {@code sparse float32}, {@code
 *     int8}, …
 * @param file the file the step wrote
 */
public record Artifact(
    Sequential trainable, Mask mask, InferenceModel runnable, String format, Path file) {
  public Artifact {
    Objects.requireNonNull(runnable, "runnable");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(file, "file");
  }

  /** Whether later steps can still train or prune this model. */
  public boolean isFloat() {
    return trainable != null;
  }

  /**
   * The float model, for a step that needs one; a clear error once the weights are integers.
   *
   * @param step the name of the step asking, for the message
   */
  public Sequential requireFloat(String step) {
    if (trainable == null) {
      throw new IllegalStateException(
          "step '"
              + step
              + "' needs a float model, but an earlier step already stored the weights as "
              + format
              + "; put quantization (or Deep Compression) last, after every step that trains or"
              + " prunes");
    }
    return trainable;
  }
}
