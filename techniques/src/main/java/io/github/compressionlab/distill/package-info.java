/**
 * Knowledge distillation: a small student learns from a large teacher's soft labels. {@link
 * io.github.compressionlab.distill.SoftLabels} turns logits into probabilities at a temperature,
 * {@link io.github.compressionlab.distill.DistillationLoss} mixes hard-label cross-entropy with the
 * teacher's soft targets (settings {@link io.github.compressionlab.distill.Kd}), and {@link
 * io.github.compressionlab.distill.Distiller} trains a given student with it (and the hard-label
 * baseline) through the ordinary {@code nn.Trainer}, the teacher's logits computed once in a {@link
 * io.github.compressionlab.distill.TeacherLogitsCache}.
 */
package io.github.compressionlab.distill;
