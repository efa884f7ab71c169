package io.github.compressionlab.jupyter;

import io.github.compressionlab.nn.ProgressSink;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * The lab inside the stock JJava kernel. JJava finds this class through {@code
 * META-INF/services/org.dflib.jjava.jupyter.Extension} in the library's jar as soon as a cell loads
 * the library ({@code %jars .../target/library/*.jar}, or {@code %maven
 * io.github.compressionlab:compression-lab:VERSION}), and calls {@link #install}: the lab's
 * renderers, its imports and its progress display. Widgets, interrupting a running cell on every
 * JDK and the start-up warm-up are the lab's own kernel's; there widgets show their text.
 *
 * <p>The lab's own kernel does not use this class: it registers the same renderers and imports
 * itself, before any cell runs.
 */
public final class LabExtension implements Extension {

  @Override
  public void install(BaseKernel kernel) {
    Renderers.registerAll(kernel.getRenderer());
    for (String statement : DefaultImports.statements(LabExtension.class.getClassLoader())) {
      kernel.evalRaw(statement);
    }
    ProgressSink.setFactory(
        () ->
            new DisplayProgressSink(
                new DisplayProgressSink.Target() {
                  @Override
                  public void show(DisplayData data) {
                    kernel.display(data);
                  }

                  @Override
                  public void update(String displayId, DisplayData data) {
                    kernel.getIO().display.updateDisplay(displayId, data);
                  }
                }));
  }

  @Override
  public void uninstall(BaseKernel kernel) {
    ProgressSink.setFactory(null);
  }
}
