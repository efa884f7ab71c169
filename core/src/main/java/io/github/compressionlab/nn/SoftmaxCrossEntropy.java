package io.github.compressionlab.nn;

import io.github.compressionlab.data.Batch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax cross-entropy on logits against hard labels, averaged over the batch: {@code L = (1/B)
 * Σ_i [logsumexp(z_i) − z_i,y_i]}, with the row maximum subtracted before exponentiating so large
 * logits cannot overflow. The gradient is {@code (softmax(z) − onehot(y)) / B}. Computed in Java in
 * double precision: for {@code [B, 10]} logits that beats a chain of native ops.
 */
public final class SoftmaxCrossEntropy implements Loss {
  private float[] grad;
  private long[] shape;

  @Override
  public double forward(INDArray logits, Batch batch) {
    return forward(logits, batch.labels());
  }

  /** The same loss on a plain label array. */
  public double forward(INDArray logits, int[] labels) {
    if (logits.rank() != 2 || logits.size(0) != labels.length) {
      throw new IllegalArgumentException(
          "cross-entropy needs logits [batch, classes] with one row per label; got logits "
              + Shapes.str(logits.shape())
              + " and "
              + labels.length
              + " labels");
    }
    int b = labels.length;
    int k = (int) logits.size(1);
    float[] z = logits.castTo(DataType.FLOAT).dup('c').data().asFloat();
    grad = new float[b * k];
    shape = logits.shape();
    double total = 0;
    for (int i = 0; i < b; i++) {
      int y = labels[i];
      if (y < 0 || y >= k) {
        throw new IllegalArgumentException(
            "label " + y + " at row " + i + " is outside 0.." + (k - 1) + " (the logits' classes)");
      }
      int row = i * k;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        max = Math.max(max, z[row + j]);
      }
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += Math.exp(z[row + j] - max);
      }
      double logSum = Math.log(sum);
      total += logSum - (z[row + y] - max);
      for (int j = 0; j < k; j++) {
        double p = Math.exp(z[row + j] - max - logSum);
        grad[row + j] = (float) ((p - (j == y ? 1 : 0)) / b);
      }
    }
    return total / b;
  }

  @Override
  public INDArray backward() {
    if (grad == null) {
      throw new IllegalStateException("backward called before forward; call forward first");
    }
    return Nd4j.create(grad, shape, 'c');
  }

  @Override
  public String toString() {
    return "SoftmaxCrossEntropy";
  }
}
