/**
 * The lab in any JJava-based Jupyter kernel: {@link io.github.compressionlab.jupyter.Renderers}
 * (charts, tables, arrays, images as static MIME bundles), {@link
 * io.github.compressionlab.jupyter.DefaultImports}, {@link
 * io.github.compressionlab.jupyter.DisplayProgressSink} (training progress as one updating display)
 * and {@link io.github.compressionlab.jupyter.LabExtension}, which the stock JJava kernel installs
 * by itself when a {@code %jars} or {@code %maven} line loads the library.
 */
package io.github.compressionlab.jupyter;
