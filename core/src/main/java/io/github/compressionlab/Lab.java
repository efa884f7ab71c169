package io.github.compressionlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about the running lab: its version. */
public final class Lab {
  private Lab() {}

  private static final String VERSION = readVersion();

  /**
   * The lab's version, as {@code pom.xml} states it (Maven writes it into {@code
   * version.properties}); model files and the kernel report this one value.
   */
  public static String version() {
    return VERSION;
  }

  private static String readVersion() {
    try (InputStream in = Lab.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "version.properties is missing from the class path; build the lab with Maven");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lab's version.properties", e);
    }
  }
}
