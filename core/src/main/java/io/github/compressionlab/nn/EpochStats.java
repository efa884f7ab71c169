package io.github.compressionlab.nn;

/**
 * Figures of one training epoch. Validation figures are NaN when no validation set was given;
 * validation loss is always softmax cross-entropy, whatever the training loss.
 *
 * @param epoch 0-based
 * @param trainLoss mean training loss over the epoch's batches
 * @param trainAccuracy fraction of training examples classified correctly during the epoch
 * @param seconds wall-clock time of the epoch's training (without validation)
 */
public record EpochStats(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double validationLoss,
    double validationAccuracy,
    double seconds) {}
