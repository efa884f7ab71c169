package io.github.compressionlab.kernel;

import java.util.Map;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/** Hands JShell the kernel's {@link LabExecutionControl}, so the kernel can reach it too. */
final class LabExecutionControlProvider implements ExecutionControlProvider {

  private final LabExecutionControl control = new LabExecutionControl();

  LabExecutionControl control() {
    return control;
  }

  @Override
  public String name() {
    return "lab";
  }

  @Override
  public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
    return control;
  }
}
