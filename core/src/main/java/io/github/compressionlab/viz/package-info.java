/**
 * Charts, tables and images for notebooks: {@link io.github.compressionlab.viz.Charts} (XChart),
 * {@link io.github.compressionlab.viz.Tables} (Tablesaw) and {@link
 * io.github.compressionlab.viz.Images}; lab objects that show themselves as HTML implement {@link
 * io.github.compressionlab.viz.HtmlRenderable}.
 */
package io.github.compressionlab.viz;
