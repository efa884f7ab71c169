/**
 * Deployment: {@link io.github.compressionlab.deploy.OnnxExport} writes a model's plan as an ONNX
 * file ({@link io.github.compressionlab.deploy.OnnxFile}: float32, pruned, or int8 in QDQ form),
 * {@link io.github.compressionlab.deploy.OnnxRuntimeModel} runs such a file in ONNX Runtime in the
 * same JVM, and {@link io.github.compressionlab.deploy.SideBySide} times the lab's engines against
 * it on the same images; {@link io.github.compressionlab.deploy.Agreement} counts the images on
 * which two models predict the same class.
 */
package io.github.compressionlab.deploy;
