package io.github.compressionlab.deploy;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.InferenceModel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How often two models predict the same class, e.g. the lab's integer engine and the same model
 * exported to ONNX and run in ONNX Runtime.
 *
 * @param same images on which the two top classes are equal
 * @param total images compared
 */
public record Agreement(int same, int total) {
  /** Batches of this many images are predicted at a time. */
  static final int BATCH = 500;

  /** The share of images with the same prediction. */
  public double fraction() {
    return total == 0 ? 1 : (double) same / total;
  }

  /** Compares the predictions of {@code a} and {@code b} on every image of {@code data}. */
  public static Agreement of(InferenceModel a, InferenceModel b, Dataset data) {
    int same = 0;
    for (int from = 0; from < data.size(); from += BATCH) {
      INDArray x = data.subset(from, Math.min(data.size(), from + BATCH)).images();
      long[] pa = a.predict(x).argMax(1).toLongVector();
      long[] pb = b.predict(x).argMax(1).toLongVector();
      for (int i = 0; i < pa.length; i++) {
        same += pa[i] == pb[i] ? 1 : 0;
      }
    }
    return new Agreement(same, data.size());
  }
}
