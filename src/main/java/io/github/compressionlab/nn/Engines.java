package io.github.compressionlab.nn;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The inference engines on the class path, found through {@link ServiceLoader} (each library module
 * lists its own in {@code META-INF/services/io.github.compressionlab.nn.Engine}), in the order of
 * those files: ND4J first.
 */
public final class Engines {
  private Engines() {}

  private static volatile List<Engine> all;

  /** Every engine, loaded once. */
  public static List<Engine> all() {
    List<Engine> e = all;
    if (e == null) {
      // The library's own class loader: in the kernel, JShell's context loader may not see it.
      e =
          ServiceLoader.load(Engine.class, Engine.class.getClassLoader()).stream()
              .map(ServiceLoader.Provider::get)
              .toList();
      all = e;
    }
    return e;
  }

  /** The engines that run {@code plan}, in {@link #all()} order; ND4J runs every float plan. */
  public static List<Engine> supporting(ModelPlan plan) {
    return all().stream().filter(e -> e.support(plan).supported()).toList();
  }
}
