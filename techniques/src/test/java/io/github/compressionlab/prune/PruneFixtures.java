package io.github.compressionlab.prune;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small hand-made models and data shared by the pruning tests. */
final class PruneFixtures {
  private PruneFixtures() {}

  /** A float32 matrix of these rows. */
  static INDArray matrix(float[][] rows) {
    return Nd4j.createFromArray(rows).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
  }

  /**
   * Input 2 → fc1 (2→3) → relu → fc2 (3→2). fc1.weight (layout [in, out]) is
   *
   * <pre>
   *   [[ 0.5, -0.1, 0.3 ],
   *    [-0.2,  0.05, 0.9]]      |w| sorted: 0.05, 0.1, 0.2, 0.3, 0.5, 0.9
   * </pre>
   *
   * and fc2.weight is [[0.01, 0.02], [-0.03, 0.04], [0.6, -0.7]] (|w| sorted 0.01, 0.02, 0.03,
   * 0.04, 0.6, 0.7); biases fc1 = [0.1, 0.2, 0.3], fc2 = [0, 0].
   */
  static Sequential tiny() {
    Sequential m =
        Sequential.builder(2).seed(1).dense("fc1", 3).relu("relu1").dense("fc2", 2).build();
    m.parameter("fc1.weight")
        .setValue(matrix(new float[][] {{0.5f, -0.1f, 0.3f}, {-0.2f, 0.05f, 0.9f}}));
    m.parameter("fc1.bias").setValue(Nd4j.createFromArray(0.1f, 0.2f, 0.3f));
    m.parameter("fc2.weight")
        .setValue(matrix(new float[][] {{0.01f, 0.02f}, {-0.03f, 0.04f}, {0.6f, -0.7f}}));
    return m;
  }

  /** A small MLP 1x4x4 → flatten → 16 → 8 → 3, seeded. */
  static Sequential mlp(long seed) {
    return Sequential.builder(1, 4, 4)
        .seed(seed)
        .flatten()
        .dense("fc1", 16)
        .relu("relu1")
        .dense("fc2", 8)
        .relu("relu2")
        .dense("fc3", 3)
        .build();
  }

  /** A small CNN 1x6x6 → conv 4@3x3 → relu → pool 2 → conv 6@1x1 → relu → flatten → 5 → 3. */
  static Sequential cnn(long seed) {
    return Sequential.builder(1, 6, 6)
        .seed(seed)
        .conv2d("conv1", 4, 3)
        .relu("relu1")
        .maxPool("pool1", 2)
        .conv2d("conv2", 6, 1)
        .relu("relu2")
        .flatten()
        .dense("fc1", 5)
        .relu("relu3")
        .dense("fc2", 3)
        .build();
  }

  /**
   * {@code n} seeded images of the given shape with 3 classes: class c brightens rows of the image
   * that belong to band c, plus noise, so a small model learns it in a few steps.
   */
  static Dataset bands(int n, long[] shape, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int c = (int) shape[0];
    int h = (int) shape[1];
    int w = (int) shape[2];
    float[] px = new float[n * c * h * w];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int label = r.nextInt(3);
      labels[i] = label;
      for (int ch = 0; ch < c; ch++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            float v = (float) (0.2 * r.nextDouble());
            if (y * 3 / h == label) {
              v += 0.8f;
            }
            px[((i * c + ch) * h + y) * w + x] = v;
          }
        }
      }
    }
    List<String> names = new ArrayList<>(List.of("top", "middle", "bottom"));
    return new Dataset("bands", Nd4j.create(px, new long[] {n, c, h, w}, 'c'), labels, names);
  }

  /** Random inputs [n, shape...] in [0, 1), seeded. */
  static INDArray inputs(int n, long[] shape, long seed) {
    long size = n;
    for (long s : shape) {
      size *= s;
    }
    float[] v = new float[(int) size];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    long[] full = new long[shape.length + 1];
    full[0] = n;
    System.arraycopy(shape, 0, full, 1, shape.length);
    return Nd4j.create(v, full, 'c');
  }
}
