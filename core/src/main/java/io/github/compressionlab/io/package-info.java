/**
 * Model files: {@link io.github.compressionlab.io.SafeTensors} reads and writes the safetensors
 * format, {@link io.github.compressionlab.io.ModelFile} stores a model's architecture and
 * parameters in one such file, written atomically by {@link
 * io.github.compressionlab.io.AtomicWrite}, and {@link io.github.compressionlab.io.ModelCache}
 * keeps trained models that notebooks share.
 */
package io.github.compressionlab.io;
