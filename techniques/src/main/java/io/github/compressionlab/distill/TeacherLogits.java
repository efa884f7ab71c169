package io.github.compressionlab.distill;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.io.ModelCache;
import io.github.compressionlab.io.SafeTensors;
import io.github.compressionlab.nn.InferenceModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A teacher's logits for every row of one {@link Dataset}, computed once: the teacher is fixed
 * during distillation, so there is no reason to run it again every epoch. {@link DistillationLoss}
 * looks rows up by the {@code indices} of each {@link io.github.compressionlab.data.Batch}.
 *
 * @param datasetName the data set's name, for messages
 * @param logits float32 {@code [N, K]}, row i = the teacher's logits for row i of the data set
 * @param labelsFingerprint a hash of the data set's labels, to catch logits of another data set
 *     with the same size
 */
public record TeacherLogits(String datasetName, INDArray logits, int labelsFingerprint) {

  public TeacherLogits {
    if (logits == null || logits.rank() != 2) {
      throw new IllegalArgumentException(
          "teacher logits must be a matrix [examples, classes]; got "
              + (logits == null ? "null" : Arrays.toString(logits.shape())));
    }
  }

  /** Runs {@code teacher} once over {@code data} (inference mode, in chunks). */
  public static TeacherLogits of(InferenceModel teacher, Dataset data) {
    if (teacher.numClasses() != data.numClasses()) {
      throw new IllegalArgumentException(
          "the teacher has "
              + teacher.numClasses()
              + " classes but "
              + data.name()
              + " has "
              + data.numClasses()
              + "; distil with a teacher trained on the same classes");
    }
    return new TeacherLogits(
        data.name(), SoftLabels.logits(teacher, data.images()), Arrays.hashCode(data.labels()));
  }

  /**
   * As {@link #of}, but kept in the model cache (read from the learner's or the shared cache,
   * written to the learner's: {@link ModelCache#resolve}) under {@code teacherKey} (e.g. the
   * teacher's file name), the data set's name, size and labels: computing them for 60,000 images
   * takes the teacher a while, and every notebook needs the same ones.
   */
  public static TeacherLogits cached(InferenceModel teacher, String teacherKey, Dataset data) {
    String name =
        String.format(
            Locale.ROOT,
            "logits-%s-%s-n%d-%08x.safetensors",
            teacherKey,
            data.name(),
            data.size(),
            Arrays.hashCode(data.labels()));
    String fileName = name.replaceAll("[^A-Za-z0-9._-]", "_");
    Path file = ModelCache.resolve(fileName);
    if (Files.isRegularFile(file)) {
      try {
        TeacherLogits t = load(file);
        t.requireMatches(data);
        return t;
      } catch (RuntimeException e) {
        System.out.println(
            "Cached teacher logits " + file + " are unusable (" + e.getMessage() + "); redoing.");
      }
    }
    TeacherLogits t = of(teacher, data);
    t.save(ModelCache.root().resolve(fileName));
    return t;
  }

  /** Writes the logits as a safetensors file (atomically), with the data set's name and labels. */
  public void save(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      new SafeTensors(
              Map.of("logits", SafeTensors.Tensor.of(logits)),
              Map.of(
                  "dataset",
                  datasetName,
                  "labels_fingerprint",
                  Integer.toString(labelsFingerprint)))
          .write(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write teacher logits to " + file, e);
    }
  }

  /** Reads logits written by {@link #save}. */
  public static TeacherLogits load(Path file) {
    try {
      SafeTensors st = SafeTensors.read(file);
      return new TeacherLogits(
          st.metadata().getOrDefault("dataset", file.getFileName().toString()),
          st.tensor("logits").toFloatINDArray(),
          Integer.parseInt(st.metadata().getOrDefault("labels_fingerprint", "0")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read teacher logits from " + file, e);
    }
  }

  /** Number of rows N. */
  public int rows() {
    return (int) logits.size(0);
  }

  /** Number of classes K. */
  public int numClasses() {
    return (int) logits.size(1);
  }

  /** The logits of row {@code row} as doubles. */
  public double[] row(int row) {
    return logits.getRow(row).toDoubleVector();
  }

  /**
   * Checks these logits belong to {@code data}: same row count, same class count and the same
   * labels in the same order.
   *
   * @throws IllegalArgumentException naming what differs and how to fix it
   */
  public void requireMatches(Dataset data) {
    String fix = "; compute them for this data set with TeacherLogits.of(teacher, data)";
    if (rows() != data.size()) {
      throw new IllegalArgumentException(
          "the teacher logits have "
              + rows()
              + " rows (from '"
              + datasetName
              + "') but '"
              + data.name()
              + "' has "
              + data.size()
              + " examples"
              + fix);
    }
    if (numClasses() != data.numClasses()) {
      throw new IllegalArgumentException(
          "the teacher logits have "
              + numClasses()
              + " classes but '"
              + data.name()
              + "' has "
              + data.numClasses()
              + fix);
    }
    if (labelsFingerprint != Arrays.hashCode(data.labels())) {
      throw new IllegalArgumentException(
          "the teacher logits were computed for '"
              + datasetName
              + "', whose labels differ from those of '"
              + data.name()
              + "' (same size, other rows or order)"
              + fix);
    }
  }

  @Override
  public String toString() {
    return "TeacherLogits[" + datasetName + ": " + rows() + " x " + numClasses() + "]";
  }
}
