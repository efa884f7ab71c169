package io.github.compressionlab.data;

/**
 * A data set cut in two by {@link Dataset#split(double, long)}: rows for training, rows held out.
 */
public record Split(Dataset train, Dataset validation) {}
