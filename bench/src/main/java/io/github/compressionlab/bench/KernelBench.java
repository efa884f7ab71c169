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

/**
 * Kernel speed through a real Jupyter client: runs {@code kernel/bench_kernel.py} (jupyter_client
 * on the system Python) against the installed kernelspec and prints its figures. Targets: start to
 * the first result of {@code 1+1} at most 3 s, trivial cell round trip at most 50 ms.
 *
 * <p>{@code ./lab bench kernel}; the kernelspec is {@code LAB_KERNEL_NAME} (default
 * compression-lab), installed by {@code kernel/install}.
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
    String python =
        Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    Process p =
        new ProcessBuilder(List.of(python, script.toString()))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    int code = p.waitFor();
    if (code != 0 || out.isEmpty()) {
      throw new IllegalStateException(
          "kernel benchmark failed (exit " + code + "); is the kernel installed? kernel/install");
    }
    String last = out.substring(out.lastIndexOf('\n') + 1);
    JsonObject r = JsonParser.parseString(last).getAsJsonObject();
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
}
