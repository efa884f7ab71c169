package io.github.compressionlab.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Kernel speed through a real Jupyter client: runs {@code kernel/bench_kernel.py} (jupyter_client
 * on the system Python) against the installed kernelspec and prints its figures. Targets: start to
 * the first result of {@code 1+1} at most 3 s, trivial cell round trip at most 50 ms.
 *
 * <p>{@code ./lab bench kernel}; the kernelspec is {@code LAB_KERNEL_NAME} (default
 * compression-lab), installed by {@code kernel/install}.
 *
 * <p>{@code ./lab bench kernel --clients 10 [--duration 120]} measures load instead: one Jupyter
 * Server, ten clients each with its own kernel, each running notebook 05's cells in a loop; it
 * prints the cell round trip's median and p99 and every failure or lost output. Target: none.
 */
@Command(
    name = "kernel",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = {
      "Kernel start-up and cell round trip through jupyter_client, against the installed"
          + " kernelspec (LAB_KERNEL_NAME, default compression-lab)."
    })
public final class KernelBench implements Callable<Integer> {

  @Option(
      names = "--clients",
      paramLabel = "N",
      description = "N clients at once, each with its own kernel on one Jupyter Server")
  int clients;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      description =
          "how long each client loops over the notebook's cells (default ${DEFAULT-VALUE})")
  double duration = 120;

  @Option(
      names = "--notebook",
      paramLabel = "FILE",
      description = "the notebook whose code cells the clients run (default: notebook 05)")
  String notebook;

  @Option(
      names = "--kernel-memory",
      paramLabel = "SIZE",
      description =
          "native-memory bound of each kernel with --clients (default ${DEFAULT-VALUE}; the"
              + " installed kernels' 2560m times ten is more than the machine)")
  String kernelMemory = "1200m";

  public static void main(String[] args) {
    Cli.main(new KernelBench(), args);
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path home = Path.of(System.getProperty("lab.home", "."));
    Path script = home.resolve("kernel/bench_kernel.py");
    if (!Files.exists(script)) {
      throw new IllegalStateException(
          "no " + script.toAbsolutePath() + "; run from the repository root or set -Dlab.home");
    }
    // the project's Python (./lab exports it), which has Jupyter Server for --clients
    String labPython = System.getenv("LAB_PYTHON");
    String python =
        labPython != null && !labPython.isBlank()
            ? labPython
            : Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    List<String> command = new java.util.ArrayList<>(List.of(python, script.toString()));
    if (clients > 0) {
      command.addAll(
          List.of(
              "--clients",
              Integer.toString(clients),
              "--duration",
              Double.toString(duration),
              "--kernel-memory",
              kernelMemory));
      if (notebook != null) {
        command.addAll(List.of("--notebook", notebook));
      }
      System.out.printf(
          "%d clients, each with its own kernel on one Jupyter Server, looping over %s for %.0f s"
              + " (%d cores, load average %.1f at the start)%n",
          clients,
          notebook == null ? "notebook 05" : notebook,
          duration,
          Runtime.getRuntime().availableProcessors(),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    int code = p.waitFor();
    if (code != 0 || out.isEmpty()) {
      throw new IllegalStateException(
          "kernel benchmark failed (exit " + code + "); is the kernel installed? kernel/install");
    }
    String last = out.substring(out.lastIndexOf('\n') + 1);
    JsonObject r = JsonParser.parseString(last).getAsJsonObject();
    if (clients > 0) {
      return printLoad(r);
    }
    System.out.printf(
        "kernel %s, %d cores, load average %.1f (figures grow with the load)%n",
        r.get("kernel").getAsString(),
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.printf(
        "start to first result of 1+1:   %6.2f s   (target <= 3 s)%n",
        r.get("start_to_first_result_s").getAsDouble());
    System.out.printf(
        "trivial cell round trip:        %6.1f ms median, %.1f ms p90 over %d runs   (target <= 50 ms)%n",
        r.get("trivial_cell_median_ms").getAsDouble(),
        r.get("trivial_cell_p90_ms").getAsDouble(),
        r.get("runs").getAsInt());
    System.out.printf(
        "first cell touching ND4J:       %6.2f s   (ND4J warmed in the background at start)%n",
        r.get("first_nd4j_cell_s").getAsDouble());
    System.out.printf(
        "first cell touching ND4J, cold: %6.2f s   (LAB_KERNEL_WARM_ND4J=false)%n",
        r.get("first_nd4j_cell_cold_s").getAsDouble());
    return 0;
  }

  private static int printLoad(JsonObject r) {
    System.out.printf(
        "cells run:            %d (%d in the notebook), %.0f s wall, profile %s, kernel bound %s%n",
        r.get("cells_run").getAsInt(),
        r.get("notebook_cells").getAsInt(),
        r.get("wall_s").getAsDouble(),
        r.get("profile").getAsString(),
        r.get("kernel_max_memory").getAsString());
    System.out.printf(
        "cell round trip:      %.0f ms median, %.0f ms p90, %.0f ms p99, %.0f ms max%n",
        r.get("round_trip_median_ms").getAsDouble(),
        r.get("round_trip_p90_ms").getAsDouble(),
        r.get("round_trip_p99_ms").getAsDouble(),
        r.get("round_trip_max_ms").getAsDouble());
    System.out.println("median per cell (ms): " + r.get("per_cell_median_ms"));
    System.out.println("kernel resident MiB:  " + r.get("kernel_rss_mib"));
    var failures = r.getAsJsonArray("failures");
    var lost = r.getAsJsonArray("lost_output");
    System.out.printf(
        "failures:             %d%s%n", failures.size(), failures.isEmpty() ? "" : " " + failures);
    System.out.printf(
        "lost output:          %d%s%n", lost.size(), lost.isEmpty() ? "" : " " + lost);
    System.out.printf(
        "load average at the end: %.1f (the figures grow with it)%n",
        r.get("load_average").getAsDouble());
    return failures.isEmpty() && lost.isEmpty() ? 0 : 1;
  }
}
