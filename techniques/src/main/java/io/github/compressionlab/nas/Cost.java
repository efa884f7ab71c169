package io.github.compressionlab.nas;

/** The cost side of a search's two objectives (the other is validation accuracy). */
public enum Cost {
  PARAMS("params"),
  FLOPS("FLOPs"),
  BYTES("file bytes"),
  LATENCY("latency ms");

  private final String label;

  Cost(String label) {
    this.label = label;
  }

  /** The axis label, e.g. {@code "params"}. */
  public String label() {
    return label;
  }

  /** This cost of a trial. */
  public double of(Trial t) {
    return switch (this) {
      case PARAMS -> t.params();
      case FLOPS -> t.flops();
      case BYTES -> t.bytes();
      case LATENCY -> t.latencyMs();
    };
  }
}
