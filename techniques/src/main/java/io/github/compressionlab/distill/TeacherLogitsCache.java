package io.github.compressionlab.distill;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.models.Teacher;
import io.github.compressionlab.nn.Evaluation;
import io.github.compressionlab.nn.InferenceModel;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A fixed teacher and what it answered: its {@link TeacherLogits} for each data set (the same
 * object) and its accuracy on each test set, each computed once. The teacher never changes during
 * distillation, so every distillation, baseline and sweep point from one teacher shares one cache;
 * the course's teacher ({@link #of(Teacher.Trained)}) also keeps its logits on disk in the model
 * cache, so later notebooks and runs skip recomputing them.
 */
public final class TeacherLogitsCache {
  private final InferenceModel teacher;
  private final String diskKey; // null: memory only
  private final Map<Dataset, TeacherLogits> logits = new IdentityHashMap<>();
  private final Map<Dataset, Double> accuracy = new IdentityHashMap<>();

  private TeacherLogitsCache(InferenceModel teacher, String diskKey) {
    if (teacher == null) {
      throw new IllegalArgumentException(
          "distillation needs a teacher, e.g. TeacherLogitsCache.of(Teacher.load())");
    }
    this.teacher = teacher;
    this.diskKey = diskKey;
  }

  /** Any model giving logits (a Sequential, a quantized model, ...), cached in memory. */
  public static TeacherLogitsCache of(InferenceModel teacher) {
    return new TeacherLogitsCache(teacher, null);
  }

  /** The course's cached teacher; its logits are also kept in the model cache on disk. */
  public static TeacherLogitsCache of(Teacher.Trained trained) {
    String file = trained.file().getFileName().toString();
    return new TeacherLogitsCache(trained.model(), file.replaceFirst("\\.safetensors$", ""));
  }

  public InferenceModel teacher() {
    return teacher;
  }

  /**
   * The teacher's logits for {@code data}: computed on the first call for this data set (the same
   * object) and reused afterwards; for the course's teacher read from or written to the disk cache
   * ({@link TeacherLogits#cached}).
   */
  public synchronized TeacherLogits logits(Dataset data) {
    TeacherLogits t = logits.get(data);
    if (t == null) {
      t =
          diskKey == null
              ? TeacherLogits.of(teacher, data)
              : TeacherLogits.cached(teacher, diskKey, data);
      logits.put(data, t);
    }
    return t;
  }

  /**
   * Records {@code teacherLogits} as the teacher's for {@code data}: for a data set whose images
   * are another's, relabelled ({@link TransferSet#teacherLabelled}), so the teacher need not run
   * again.
   *
   * @throws IllegalArgumentException if they do not match {@code data}
   */
  public synchronized void put(Dataset data, TeacherLogits teacherLogits) {
    teacherLogits.requireMatches(data);
    logits.put(data, teacherLogits);
  }

  /** The teacher's accuracy on {@code test}, computed once per data set. */
  public synchronized double accuracy(Dataset test) {
    return accuracy.computeIfAbsent(test, d -> Evaluation.of(teacher, d).accuracy());
  }

  @Override
  public String toString() {
    return "TeacherLogitsCache("
        + logits.size()
        + " data sets"
        + (diskKey == null ? "" : ", on disk")
        + ")";
  }
}
