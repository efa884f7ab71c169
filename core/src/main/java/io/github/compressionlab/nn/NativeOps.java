package io.github.compressionlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Calls of libnd4j's native custom ops by name, with outputs preallocated by the caller so no shape
 * inference or allocation happens per call. Argument layouts follow libnd4j's op declarations
 * ({@code conv2d.cpp}, {@code maxpool2d.cpp}, {@code activations.cpp}).
 */
final class NativeOps {
  private NativeOps() {}

  /** Data format flag of the conv/pool ops: 0 = NCHW. */
  private static final int NCHW = 0;

  /** Weight format flag of conv2d: 1 = {@code [outC, inC, kH, kW]} (PyTorch's layout). */
  private static final int OIHW = 1;

  static void exec(
      String op, INDArray[] inputs, INDArray[] outputs, int[] intArgs, double... tArgs) {
    DynamicCustomOp.DynamicCustomOpsBuilder b =
        DynamicCustomOp.builder(op)
            .addInputs(inputs)
            .addOutputs(outputs)
            .addIntegerArguments(intArgs);
    if (tArgs.length > 0) {
      Double[] boxed = new Double[tArgs.length];
      for (int i = 0; i < tArgs.length; i++) {
        boxed[i] = tArgs[i];
      }
      b.addFloatingPointArguments(boxed);
    }
    Nd4j.getExecutioner().exec(b.build());
  }

  /** iArgs of conv2d / conv2d_bp: kH, kW, sH, sW, pH, pW, dH, dW, same-mode, format, wFormat. */
  static int[] convArgs(int kernel, int stride, int padding) {
    return new int[] {kernel, kernel, stride, stride, padding, padding, 1, 1, 0, NCHW, OIHW};
  }

  /** {@code x += bias} along the last axis of {@code x}, in place (biasadd). */
  static void addBias(INDArray x, INDArray bias) {
    exec("biasadd", new INDArray[] {x, bias}, new INDArray[] {x}, new int[0]);
  }

  /** iArgs of maxpool2d / maxpool2d_bp: kH, kW, sH, sW, pH, pW, dH, dW, same, extra, format. */
  static int[] poolArgs(int kernel, int stride) {
    return new int[] {kernel, kernel, stride, stride, 0, 0, 1, 1, 0, 0, NCHW};
  }
}
