package io.github.compressionlab;

/** Facts about the running lab: version and profile. */
public final class Lab {
  private Lab() {}

  public static String version() {
    return "0.1.0";
  }
}
