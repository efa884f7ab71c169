package io.github.compressionlab.bench;

import io.github.compressionlab.Lab;
import picocli.CommandLine;

/**
 * How every bench reads its command line: picocli parses the options a bench declares with
 * {@code @Option}, prints {@code --help} from them, and answers a wrong or incomplete option with
 * its name and the usage instead of a stack trace.
 */
final class Cli {
  private Cli() {}

  /** Runs {@code command} on {@code args}; 0 on success, 2 for a usage error, 1 if it failed. */
  static int execute(Object command, String... args) {
    return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  /**
   * {@link #execute} for a {@code main}: exits with the code unless it is 0, so a successful run
   * ends as it always did.
   */
  static void main(Object command, String... args) {
    int code = execute(command, args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** {@code --version}: the lab's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"compression-lab " + Lab.version()};
    }
  }
}
