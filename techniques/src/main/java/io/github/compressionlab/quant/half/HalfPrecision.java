package io.github.compressionlab.quant.half;

import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.io.SafeTensors;
import io.github.compressionlab.io.SafeTensors.DType;
import io.github.compressionlab.io.SafeTensors.Tensor;
import io.github.compressionlab.nn.Parameter;
import io.github.compressionlab.nn.Sequential;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 16-bit floating-point storage: IEEE 754 binary16 ({@link Format#F16}: 5 exponent bits, 10
 * mantissa bits, largest value 65504) and bfloat16 ({@link Format#BF16}: float32's 8 exponent bits,
 * 7 mantissa bits). The bit-level conversion (round to nearest, ties to even) is the io package's,
 * reached through {@link SafeTensors.Tensor}, so a value rounded here is exactly the value a 16-bit
 * model file stores. Arithmetic still runs in float32 after loading: 16 bits halve the file and
 * memory, not the time on a CPU.
 */
public final class HalfPrecision {
  /** The 16-bit format. */
  public enum Format {
    F16(DType.F16),
    BF16(DType.BF16);

    private final DType dtype;

    Format(DType dtype) {
      this.dtype = dtype;
    }

    public DType dtype() {
      return dtype;
    }
  }

  /**
   * How far rounding moved the values.
   *
   * @param maxAbsError largest |x − round(x)|
   * @param meanAbsError mean |x − round(x)|
   * @param maxRelError largest |x − round(x)| / |x| over non-zero x
   * @param overflowed values that became infinite (beyond the format's range)
   */
  public record Error(
      double maxAbsError, double meanAbsError, double maxRelError, long overflowed) {}

  private HalfPrecision() {}

  /** {@code a} rounded to the 16-bit format and widened back to float32. */
  public static INDArray round(INDArray a, Format format) {
    float[] v = Tensor.of(a.castTo(DataType.FLOAT), format.dtype()).toFloats();
    return Nd4j.create(v, a.shape(), 'c');
  }

  /** One float rounded to the format and back. */
  public static float round(float x, Format format) {
    return Tensor.of(Nd4j.create(new float[] {x}, new long[] {1}, 'c'), format.dtype())
        .toFloats()[0];
  }

  /** The error rounding {@code a} to {@code format} causes. */
  public static Error error(INDArray a, Format format) {
    float[] x = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] r = round(a, format).data().asFloat();
    double maxAbs = 0;
    double sumAbs = 0;
    double maxRel = 0;
    long overflow = 0;
    for (int i = 0; i < x.length; i++) {
      if (Float.isInfinite(r[i]) && Float.isFinite(x[i])) {
        overflow++;
        continue;
      }
      double d = Math.abs((double) x[i] - r[i]);
      maxAbs = Math.max(maxAbs, d);
      sumAbs += d;
      if (x[i] != 0) {
        maxRel = Math.max(maxRel, d / Math.abs(x[i]));
      }
    }
    return new Error(maxAbs, x.length == 0 ? 0 : sumAbs / x.length, maxRel, overflow);
  }

  /** The error over all parameters of {@code model}. */
  public static Error error(Sequential model, Format format) {
    double maxAbs = 0;
    double sumAbs = 0;
    double maxRel = 0;
    long overflow = 0;
    long n = 0;
    for (Parameter p : model.parameters().values()) {
      Error e = error(p.value(), format);
      maxAbs = Math.max(maxAbs, e.maxAbsError());
      sumAbs += e.meanAbsError() * p.size();
      maxRel = Math.max(maxRel, e.maxRelError());
      overflow += e.overflowed();
      n += p.size();
    }
    return new Error(maxAbs, n == 0 ? 0 : sumAbs / n, maxRel, overflow);
  }

  /** A copy of {@code model} whose parameters are rounded to {@code format}. */
  public static Sequential round(Sequential model, Format format) {
    Sequential c = model.copy();
    for (Parameter p : c.parameters().values()) {
      p.setValue(round(p.value(), format));
    }
    return c;
  }

  /** The model file with 16-bit tensors, as {@link #save} writes it. */
  public static SafeTensors toSafeTensors(Sequential model, Format format) {
    SafeTensors f32 = ModelFile.toSafeTensors(model, Map.of("storage", format.name()));
    Map<String, Tensor> t = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
      t.put(e.getKey(), Tensor.of(e.getValue().value(), format.dtype()));
    }
    return new SafeTensors(t, f32.metadata());
  }

  /**
   * Saves {@code model} with 16-bit tensors; {@link ModelFile#load} reads it back (widening to
   * float32). Returns the file's size in bytes.
   */
  public static long save(Sequential model, Path file, Format format) {
    SafeTensors st = toSafeTensors(model, format);
    ModelFile.write(file, st);
    return st.toBytes().length;
  }

  /** Bytes of the 16-bit model file. */
  public static long fileBytes(Sequential model, Format format) {
    return toSafeTensors(model, format).toBytes().length;
  }
}
