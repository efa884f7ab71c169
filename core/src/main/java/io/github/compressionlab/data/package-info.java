/**
 * Labelled image data: {@link io.github.compressionlab.data.Dataset} holds images and labels,
 * {@link io.github.compressionlab.data.Batches} cuts it into seeded, shuffled mini-batches of
 * {@link io.github.compressionlab.data.Batch}. {@link io.github.compressionlab.data.FashionMnist}
 * and {@link io.github.compressionlab.data.Mnist} load the published sets through the {@link
 * io.github.compressionlab.data.Idx} reader, finding or downloading the files with {@link
 * io.github.compressionlab.data.DataLocator}.
 */
package io.github.compressionlab.data;
