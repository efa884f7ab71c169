package io.github.compressionlab.nn;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The inference engines on the class path, found through {@link ServiceLoader} (each library module
 * lists its own in {@code META-INF/services/io.github.compressionlab.nn.Engine}) in one order,
 * whatever the class path's: core's engines as its file lists them (ND4J first, then plain Java),
 * then the other modules' engines by class name.
 */
public final class Engines {
  private Engines() {}

  private static volatile List<Engine> all;

  /** Core's engines first (a stable sort keeps their file order), then the rest by class name. */
  private static final Comparator<Engine> ORDER =
      Comparator.<Engine>comparingInt(
              e -> e.getClass().getPackageName().equals(Engine.class.getPackageName()) ? 0 : 1)
          .thenComparing(
              e ->
                  e.getClass().getPackageName().equals(Engine.class.getPackageName())
                      ? ""
                      : e.getClass().getName());

  /** Every engine, loaded once. */
  public static List<Engine> all() {
    List<Engine> e = all;
    if (e == null) {
      // The library's own class loader: in the kernel, JShell's context loader may not see it.
      e =
          ServiceLoader.load(Engine.class, Engine.class.getClassLoader()).stream()
              .map(ServiceLoader.Provider::get)
              .sorted(ORDER)
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
