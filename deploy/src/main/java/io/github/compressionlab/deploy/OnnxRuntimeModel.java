package io.github.compressionlab.deploy;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.github.compressionlab.nn.InferenceModel;
import io.github.compressionlab.nn.ModelPlan;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An {@code .onnx} file running in ONNX Runtime (its Java API, CPU execution provider) in this JVM:
 * the production runtime the lab's exports are checked in, and the peer its own engines are timed
 * against. It is an {@link InferenceModel}, so it is measured and evaluated like any lab model.
 *
 * <p>The session runs with {@link #threads} intra-op threads (1 by default, as a batch-1 server
 * would pin one request to one core), one inter-op thread, sequential execution, worker threads
 * that sleep rather than spin between calls, and every graph optimization (ONNX Runtime fuses
 * QuantizeLinear/DequantizeLinear pairs into its integer kernels at this point). One model runs one
 * prediction at a time; {@link #close} frees the native session.
 *
 * <pre>{@code
 * try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(Path.of("model.onnx"))) {
 *   INDArray logits = ort.predict(test.images());
 * }
 * }</pre>
 */
public final class OnnxRuntimeModel implements InferenceModel, AutoCloseable {
  private final Path file;
  private final int threads;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final long[] inputShape;
  private final int numClasses;
  private final Map<String, String> metadata;
  private FloatBuffer buffer; // direct, reused while the batch size stays the same

  private OnnxRuntimeModel(Path file, int threads, OrtEnvironment env, OrtSession session)
      throws OrtException {
    this.file = file;
    this.threads = threads;
    this.env = env;
    this.session = session;
    this.inputName = session.getInputNames().iterator().next();
    NodeInfo in = session.getInputInfo().get(inputName);
    NodeInfo out = session.getOutputInfo().values().iterator().next();
    long[] s = ((TensorInfo) in.getInfo()).getShape();
    this.inputShape = Arrays.copyOfRange(s, 1, s.length);
    long[] o = ((TensorInfo) out.getInfo()).getShape();
    this.numClasses = (int) o[o.length - 1];
    this.metadata = Map.copyOf(session.getMetadata().getCustomMetadata());
  }

  /**
   * Whether ONNX Runtime's int8 kernels compute exactly the integer sums the lab's integer engine
   * computes on this CPU. On x86 without VNNI ({@code avx512_vnni} or {@code avx_vnni}) they
   * multiply unsigned by signed int8 pairs into saturating 16-bit sums ({@code vpmaddubsw}), so a
   * large pair can clip and a prediction can change: measured on an AVX2-only CPU, ONNX Runtime's
   * int8 small CNN agreed with the lab's integer engine on 97.4% of the test images, against 99.5%
   * or more where VNNI computes the sums exactly. The remedy ONNX Runtime documents is 7-bit
   * weights ({@code reduce_range}). Elsewhere than Linux on x86 this answers {@code true}.
   */
  public static boolean int8IsExact() {
    String arch = System.getProperty("os.arch", "");
    if (!arch.equals("amd64") && !arch.equals("x86_64")) {
      return true;
    }
    try {
      String info = java.nio.file.Files.readString(Path.of("/proc/cpuinfo"));
      return info.contains(" avx512_vnni") || info.contains(" avx_vnni");
    } catch (java.io.IOException | RuntimeException e) {
      return true;
    }
  }

  /** {@link #load(Path, int)} with one intra-op thread. */
  public static OnnxRuntimeModel load(Path file) {
    return load(file, 1);
  }

  /** {@link #load(Path, int)} of a file {@link OnnxExport} wrote. */
  public static OnnxRuntimeModel load(OnnxFile file, int threads) {
    return load(file.path(), threads);
  }

  /**
   * Opens {@code file} in ONNX Runtime.
   *
   * @param threads intra-op threads, at least 1
   * @throws IllegalArgumentException if the file is missing, or with ONNX Runtime's own error and
   *     the file's name if the runtime cannot load it (a corrupt or truncated file, an operator it
   *     lacks)
   */
  public static OnnxRuntimeModel load(Path file, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "no ONNX file at " + file.toAbsolutePath() + "; write one with OnnxExport.write");
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session = null;
    try {
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      // Worker threads sleep between calls instead of spinning: a spinning pool holds a core that
      // the lab's engines (timed in turn with it) and other programs need.
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      session = env.createSession(file.toString(), options);
      return new OnnxRuntimeModel(file, threads, env, session);
    } catch (OrtException e) {
      if (session != null) {
        try {
          session.close();
        } catch (OrtException ignored) {
          // the load failed already; that error is the one to report
        }
      }
      throw new IllegalArgumentException(
          "ONNX Runtime cannot load " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized INDArray predict(INDArray x) {
    long[] shape = x.shape();
    long per = 1;
    for (long d : inputShape) {
      per *= d;
    }
    if (shape.length != inputShape.length + 1 || x.length() != shape[0] * per) {
      throw new IllegalArgumentException(
          "the ONNX model expects inputs [N, "
              + Arrays.toString(inputShape).replaceAll("[\\[\\]]", "")
              + "] but got "
              + Arrays.toString(shape));
    }
    int n = (int) shape[0];
    int size = (int) (n * per);
    INDArray c = x.dataType() == DataType.FLOAT ? x : x.castTo(DataType.FLOAT);
    float[] v =
        c.ordering() == 'c' && !c.isView() && c.length() == c.data().length()
            ? c.data().asFloat()
            : c.dup('c').data().asFloat();
    if (buffer == null || buffer.capacity() != size) {
      buffer = ByteBuffer.allocateDirect(4 * size).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
    buffer.clear();
    buffer.put(v, 0, size).flip();
    long[] full = new long[inputShape.length + 1];
    full[0] = n;
    System.arraycopy(inputShape, 0, full, 1, inputShape.length);
    try (OnnxTensor in = OnnxTensor.createTensor(env, buffer, full);
        OrtSession.Result r = session.run(Map.of(inputName, in))) {
      FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
      float[] logits = new float[out.remaining()];
      out.get(logits);
      return Nd4j.create(logits, new long[] {n, numClasses}, 'c');
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime failed to run " + file + ": " + e.getMessage(), e);
    }
  }

  /** The file this session runs. */
  public Path file() {
    return file;
  }

  /** Intra-op threads of the session. */
  public int threads() {
    return threads;
  }

  /** The model's metadata props (the lab's: architecture, library, weights, ...). */
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public long[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  /**
   * The architecture stored in the file's metadata (ops and shapes; the weights stay in ONNX
   * Runtime).
   *
   * @throws IllegalStateException for a file the lab did not write
   */
  @Override
  public ModelPlan plan() {
    String json = metadata.get(OnnxExport.ARCHITECTURE_KEY);
    if (json == null) {
      throw new IllegalStateException(
          file
              + " has no '"
              + OnnxExport.ARCHITECTURE_KEY
              + "' metadata: the lab did not write it");
    }
    return ModelPlan.fromArchitectureJson(json);
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing the ONNX Runtime session of " + file, e);
    }
  }

  @Override
  public String toString() {
    return "OnnxRuntimeModel("
        + file.getFileName()
        + ", "
        + metadata.getOrDefault(OnnxExport.WEIGHTS_KEY, "?")
        + ", "
        + threads
        + (threads == 1 ? " thread)" : " threads)");
  }
}
