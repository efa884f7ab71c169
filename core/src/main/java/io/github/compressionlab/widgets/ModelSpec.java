package io.github.compressionlab.widgets;

/** Which front-end class implements a model or view: module, name and semver of the module. */
record ModelSpec(String module, String name, String version) {

  static final String CONTROLS = "@jupyter-widgets/controls";
  static final String BASE = "@jupyter-widgets/base";
  static final String OUTPUT = "@jupyter-widgets/output";

  /** ipywidgets 8 ships controls and base at 2.0.0, output at 1.0.0. */
  static ModelSpec controls(String name) {
    return new ModelSpec(CONTROLS, name, "2.0.0");
  }

  static ModelSpec base(String name) {
    return new ModelSpec(BASE, name, "2.0.0");
  }
}
