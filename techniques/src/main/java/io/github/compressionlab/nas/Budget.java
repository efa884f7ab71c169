package io.github.compressionlab.nas;

import java.util.Locale;

/**
 * When a {@link Search} stops: after {@code maxTrials} trials, after {@code maxEpochs} training
 * epochs summed over trials, or after {@code maxSeconds} of wall-clock time, whichever comes first.
 * Budgets are checked before each batch of trials, so the epoch and time budgets may be overshot by
 * the last batch; the trial budget is exact. Trial and epoch budgets give the same trials on every
 * run with the same seed; a time budget stops the same sequence of trials at a point that depends
 * on the machine.
 */
public record Budget(int maxTrials, long maxEpochs, double maxSeconds) {
  public Budget {
    if (maxTrials < 1 || maxEpochs < 1 || !(maxSeconds > 0)) {
      throw new IllegalArgumentException(
          "a budget needs maxTrials >= 1, maxEpochs >= 1 and maxSeconds > 0; got "
              + maxTrials
              + ", "
              + maxEpochs
              + ", "
              + maxSeconds);
    }
  }

  /** Stop after {@code n} trials. */
  public static Budget trials(int n) {
    return new Budget(n, Long.MAX_VALUE, Double.POSITIVE_INFINITY);
  }

  /** Stop after {@code epochs} training epochs in total: a fair budget across strategies. */
  public static Budget epochs(long epochs) {
    return new Budget(Integer.MAX_VALUE, epochs, Double.POSITIVE_INFINITY);
  }

  /** Stop after {@code seconds} of wall-clock time. */
  public static Budget seconds(double seconds) {
    return new Budget(Integer.MAX_VALUE, Long.MAX_VALUE, seconds);
  }

  /** This budget, also stopping after {@code seconds}. */
  public Budget andSeconds(double seconds) {
    return new Budget(maxTrials, maxEpochs, Math.min(maxSeconds, seconds));
  }

  /** This budget, also stopping after {@code n} trials. */
  public Budget andTrials(int n) {
    return new Budget(Math.min(maxTrials, n), maxEpochs, maxSeconds);
  }

  /** The fraction of this budget used so far (the largest of the three). */
  double used(int trials, long epochs, double seconds) {
    double f = (double) trials / maxTrials;
    f = Math.max(f, (double) epochs / maxEpochs);
    return Math.max(f, seconds / maxSeconds);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    if (maxTrials != Integer.MAX_VALUE) {
      s.append(maxTrials).append(" trials");
    }
    if (maxEpochs != Long.MAX_VALUE) {
      s.append(s.length() > 0 ? ", " : "").append(maxEpochs).append(" epochs");
    }
    if (maxSeconds != Double.POSITIVE_INFINITY) {
      s.append(s.length() > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.0f s", maxSeconds));
    }
    return s.toString();
  }
}
