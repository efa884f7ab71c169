/**
 * Jupyter widgets for Java: typed controls ({@link io.github.compressionlab.widgets.FloatSlider},
 * {@link io.github.compressionlab.widgets.Dropdown}, {@link
 * io.github.compressionlab.widgets.Button} ...), containers and an {@link
 * io.github.compressionlab.widgets.Output} that speak the widget message protocol 2.1 of ipywidgets
 * 8 front ends, plus {@link io.github.compressionlab.widgets.Interact#interact} to re-run a
 * function of the controls on every change.
 *
 * <p>The package does not depend on a kernel: a kernel implements {@link
 * io.github.compressionlab.widgets.WidgetHost} (the comm transport, rendering, output capture) and
 * installs it with {@link io.github.compressionlab.widgets.WidgetRuntime#install}. Without one,
 * widgets are plain observable objects.
 */
package io.github.compressionlab.widgets;
