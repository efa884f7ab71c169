package io.github.compressionlab.nas;

/** What follows a conv block's ReLU. */
public enum Pooling {
  /** Nothing: the block keeps its input's height and width. */
  NONE,
  /** 2x2 max pooling with stride 2: height and width are halved (rounded down). */
  MAX
}
