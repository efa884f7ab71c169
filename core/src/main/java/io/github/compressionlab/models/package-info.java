/**
 * The models the course shares. {@link io.github.compressionlab.models.Teacher} is the "giant" CNN
 * that notebook 00 trains and every later notebook compresses: its architecture, its training
 * recipe per {@link io.github.compressionlab.Profile}, and loading it from the model cache.
 */
package io.github.compressionlab.models;
