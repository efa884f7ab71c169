/**
 * The model engine on ND4J: {@link io.github.compressionlab.nn.Layer}s ({@link
 * io.github.compressionlab.nn.Dense}, {@link io.github.compressionlab.nn.Conv2d}, {@link
 * io.github.compressionlab.nn.MaxPool2d}, ...) stacked in a {@link
 * io.github.compressionlab.nn.Sequential}, trained by a {@link io.github.compressionlab.nn.Trainer}
 * with a {@link io.github.compressionlab.nn.Loss} and an {@link
 * io.github.compressionlab.nn.Optimizer}. Compression techniques hook into training as {@link
 * io.github.compressionlab.nn.TrainingListener}s and read or replace parameters by dotted name.
 */
package io.github.compressionlab.nn;
