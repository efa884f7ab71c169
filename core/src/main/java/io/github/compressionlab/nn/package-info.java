/**
 * The model engine on ND4J: {@link io.github.compressionlab.nn.Layer}s ({@link
 * io.github.compressionlab.nn.Dense}, {@link io.github.compressionlab.nn.Conv2d}, {@link
 * io.github.compressionlab.nn.MaxPool2d}, ...) stacked in a {@link
 * io.github.compressionlab.nn.Sequential}, trained by a {@link io.github.compressionlab.nn.Trainer}
 * with a {@link io.github.compressionlab.nn.Loss} and a {@link
 * io.github.compressionlab.nn.TrainingConfig}. A model lowers once into a {@link
 * io.github.compressionlab.nn.ModelPlan} that every {@link io.github.compressionlab.nn.Engine}
 * ({@link io.github.compressionlab.nn.Nd4jEngine}, {@link io.github.compressionlab.nn.JavaEngine},
 * the integer engine) runs and the cost counting reads. Compression techniques hook into training
 * as {@link io.github.compressionlab.nn.TrainingListener}s and work on layer roles ({@link
 * io.github.compressionlab.nn.WeightedLayer}).
 */
package io.github.compressionlab.nn;
