package io.github.compressionlab.pipeline;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.distill.TeacherLogitsCache;
import io.github.compressionlab.nn.InferenceModel;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every step may use: the training data, the original model's artifact (a distillation or
 * fine-tuning step may use it as the teacher), the seed, and where to write files.
 *
 * @param train training images
 * @param original the pipeline's starting point
 * @param seed the pipeline's seed; each step derives its own from it
 * @param showProgress whether training steps show a progress display
 * @param directory where step files go
 * @param index this step's position (1-based; 0 for the starting model), used in file names and
 *     seeds
 * @param teachers one logit cache per teacher object for this run, so that steps learning from the
 *     same teacher share its logits
 */
public record PipelineContext(
    Dataset train,
    Artifact original,
    long seed,
    boolean showProgress,
    Path directory,
    int index,
    Map<InferenceModel, TeacherLogitsCache> teachers) {

  /** The logit cache of {@code teacher} for this run: its logits are computed once. */
  public TeacherLogitsCache teacher(InferenceModel teacher) {
    synchronized (teachers) {
      return teachers.computeIfAbsent(teacher, TeacherLogitsCache::of);
    }
  }

  /** A seed for this step, different for every step and reproducible from the pipeline's seed. */
  public long stepSeed() {
    return seed * 1_000_003L + index;
  }

  /** The file this step should write, e.g. {@code 02-prune.safetensors}. */
  public Path file(String stem, String extension) {
    String safe = stem.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return directory.resolve(
        String.format(java.util.Locale.ROOT, "%02d-%s.%s", index, safe, extension));
  }
}
