package io.github.compressionlab;

import java.util.Locale;

/**
 * How much work a notebook or benchmark does. {@link #FULL} (the default) uses the full data set
 * and real epoch counts; {@link #QUICK} uses a small subset and one or two epochs, for CI. Chosen
 * by the environment variable {@code LAB_PROFILE} (or the system property {@code lab.profile});
 * inside a notebook, {@link #use} switches it for that kernel: {@code Profile profile =
 * Profile.use(Profile.QUICK);} in the parameter cell.
 */
public enum Profile {
  FULL,
  QUICK;

  /** The profile chosen by {@code lab.profile} or {@code LAB_PROFILE}; {@link #FULL} if unset. */
  public static Profile current() {
    String value = System.getProperty("lab.profile");
    if (value == null || value.isBlank()) {
      value = System.getenv("LAB_PROFILE");
    }
    if (value == null || value.isBlank()) {
      return FULL;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "LAB_PROFILE is '" + value + "'; set it to 'full' or 'quick' (or unset it for full)", e);
    }
  }

  /**
   * Makes {@code profile} the current one for this JVM (the notebook's kernel), whatever {@code
   * LAB_PROFILE} says, and returns it. Re-run the notebook from its parameter cell afterwards:
   * cells that already ran keep their figures.
   */
  public static Profile use(Profile profile) {
    if (profile == null) {
      throw new IllegalArgumentException("give Profile.FULL or Profile.QUICK");
    }
    System.setProperty("lab.profile", profile.id());
    return profile;
  }

  /** {@code full} when this is FULL, else {@code quick}: the spelling used in file names. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Picks the value for this profile: {@code Profile.current().pick(20, 2)}. */
  public <T> T pick(T full, T quick) {
    return this == FULL ? full : quick;
  }
}
