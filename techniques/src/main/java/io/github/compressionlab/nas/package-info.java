/**
 * Neural architecture search: a typed {@link io.github.compressionlab.nas.SearchSpace} of small
 * CNNs, {@link io.github.compressionlab.nas.SearchStrategy strategies} (random search, regularized
 * evolution, successive halving), a {@link io.github.compressionlab.nas.Search} runner that logs
 * every {@link io.github.compressionlab.nas.Trial} and can resume, {@link
 * io.github.compressionlab.nas.ParetoFront}s of accuracy against cost, and {@link
 * io.github.compressionlab.nas.Export} of the winner retrained from scratch.
 */
package io.github.compressionlab.nas;
