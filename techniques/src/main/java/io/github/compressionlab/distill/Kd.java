package io.github.compressionlab.distill;

import io.github.compressionlab.viz.Numbers;
import java.util.Locale;

/**
 * The two settings of knowledge distillation, checked when the record is made so that a swapped α
 * and T fail at once, where they are written, instead of minutes into training (Hinton, Vinyals and
 * Dean, "Distilling the Knowledge in a Neural Network", 2015; see {@link DistillationLoss}).
 *
 * @param alpha weight of the hard-label term, in [0, 1]: 1 is plain cross-entropy, 0 pure imitation
 *     of the teacher (0.1 is usual)
 * @param temperature softening of the teacher's and student's distributions in the soft term, a
 *     finite number &gt; 0 (T = 1 ordinary probabilities, 2..10 softer)
 */
public record Kd(double alpha, double temperature) {
  public Kd {
    if (!(alpha >= 0 && alpha <= 1)) {
      boolean swapped = alpha > 1 && temperature >= 0 && temperature <= 1;
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "alpha is the weight of the hard-label term and must lie in [0, 1]; got %s (0.1 is"
                  + " usual: 10%% hard labels, 90%% teacher)%s",
              alpha,
              swapped
                  ? String.format(
                      Locale.ROOT,
                      ". Were α and T swapped? The order is new Kd(alpha, temperature): new"
                          + " Kd(%s, %s)",
                      Numbers.plain(temperature),
                      Numbers.plain(alpha))
                  : ""));
    }
    SoftLabels.checkTemperature(temperature);
  }

  /** The same temperature with another α. */
  public Kd withAlpha(double alpha) {
    return new Kd(alpha, temperature);
  }

  /** The same α with another temperature. */
  public Kd withTemperature(double temperature) {
    return new Kd(alpha, temperature);
  }

  @Override
  public String toString() {
    return "α=" + Numbers.plain(alpha) + ", T=" + Numbers.plain(temperature);
  }
}
