package io.github.compressionlab.testing;

import io.github.compressionlab.nn.Sequential;

/**
 * The small CNN the tests share, one shape with named knobs instead of a copy per test class:
 *
 * <pre>
 * conv1 (filters, 3x3, padding 1) → relu1 → pool1 2x2
 *   [→ conv2 (conv2 filters, 3x3, padding 1) → relu2 → pool2]
 *   → flatten [→ drop (dropout)] [→ fc1 (hidden) → relu] → fc1 or fc2 (classes)
 * </pre>
 *
 * Activations are numbered in order (relu1, relu2, ...); the last dense layer is {@code fc1}
 * without a hidden layer and {@code fc2} with one.
 *
 * @param side the input is {@code [1, side, side]}
 * @param filters conv1's output channels
 * @param conv2 conv2's output channels, or 0 for one conv block
 * @param dropout dropout before the dense layers, or 0 for none
 * @param hidden the hidden dense layer's width, or 0 for none
 * @param classes outputs of the last layer
 */
public record SmallCnn(int side, int filters, int conv2, double dropout, int hidden, int classes) {

  /** One conv block of 4 filters straight into 3 classes, on {@code [1, side, side]} images. */
  public static SmallCnn side(int side) {
    return new SmallCnn(side, 4, 0, 0, 0, 3);
  }

  public SmallCnn filters(int f) {
    return new SmallCnn(side, f, conv2, dropout, hidden, classes);
  }

  public SmallCnn conv2(int f) {
    return new SmallCnn(side, filters, f, dropout, hidden, classes);
  }

  public SmallCnn dropout(double p) {
    return new SmallCnn(side, filters, conv2, p, hidden, classes);
  }

  public SmallCnn hidden(int width) {
    return new SmallCnn(side, filters, conv2, dropout, width, classes);
  }

  public SmallCnn classes(int k) {
    return new SmallCnn(side, filters, conv2, dropout, hidden, k);
  }

  /** The model, its weights drawn from {@code seed}. */
  public Sequential build(long seed) {
    int relu = 1;
    Sequential.Builder b =
        Sequential.builder(1, side, side)
            .seed(seed)
            .conv2d("conv1", filters, 3, 1, 1)
            .relu("relu" + relu++)
            .maxPool("pool1", 2);
    if (conv2 > 0) {
      b.conv2d("conv2", conv2, 3, 1, 1).relu("relu" + relu++).maxPool("pool2", 2);
    }
    b.flatten();
    if (dropout > 0) {
      b.dropout("drop", dropout);
    }
    if (hidden > 0) {
      b.dense("fc1", hidden).relu("relu" + relu);
      return b.dense("fc2", classes).build();
    }
    return b.dense("fc1", classes).build();
  }
}
