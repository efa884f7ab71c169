/**
 * The Jupyter kernel: {@link io.github.compressionlab.kernel.LabKernel} on jjava-jupyter, with
 * {@link io.github.compressionlab.kernel.JShellEvaluator} running cells in this JVM, renderers for
 * charts, tables and arrays, magics ({@code %maven}, {@code %jars}, {@code %classpath}, {@code
 * %load}, {@code %time}) and the notebook helpers in {@link
 * io.github.compressionlab.kernel.Notebook}.
 */
package io.github.compressionlab.kernel;
