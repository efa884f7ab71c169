package io.github.compressionlab.prune;

import io.github.compressionlab.io.DeclaredArchitecture;
import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.io.SafeTensors;
import io.github.compressionlab.io.SafeTensors.DType;
import io.github.compressionlab.io.SafeTensors.Tensor;
import io.github.compressionlab.nn.JavaEngine;
import io.github.compressionlab.nn.JavaProgram;
import io.github.compressionlab.nn.Parameter;
import io.github.compressionlab.nn.ParameterSpec;
import io.github.compressionlab.nn.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A pruned model stored sparsely, in a safetensors file like {@link ModelFile}: each weight matrix
 * that is smaller in CSR form is stored as three tensors, {@code <name>.csr_values} (F32), {@code
 * <name>.csr_deltas} (U8 relative column indices, see {@link CsrMatrix#toRelative}) and {@code
 * <name>.csr_rowptr} (I32); everything else dense. Conv weights {@code [outC, inC, k, k]} are
 * stored as {@code [outC, inC·k·k]} matrices. An entry costs 5 bytes instead of 4 per weight, so
 * CSR pays off above 20% sparsity and at 90% the file is about an eighth of the dense one.
 *
 * <pre>{@code
 * SparseModelFile.save(pruned, Path.of("lenet-90.sparse.safetensors"));
 * Sequential back = SparseModelFile.load(path);        // dense again, zeros restored
 * JavaProgram fast = SparseModelFile.loadSparse(path); // plain-Java inference, CSR where sparse
 * }</pre>
 */
public final class SparseModelFile {
  /** The {@code format} metadata value of these files. */
  public static final String FORMAT = "compression-lab-sparse/1";

  private static final String SPARSE_KEY = "csr_parameters";

  private SparseModelFile() {}

  /** Writes the model (atomically) and returns the file's size in bytes. */
  public static long save(Sequential model, Path file) {
    ModelFile.write(file, toSafeTensors(model));
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tensors and metadata {@link #save} writes. */
  public static SafeTensors toSafeTensors(Sequential model) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    List<String> sparse = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
      INDArray v = e.getValue().value();
      String name = e.getKey();
      if (v.rank() >= 2) {
        CsrMatrix.Relative r = CsrMatrix.of(v.reshape('c', v.size(0), -1)).toRelative();
        long csrBytes = 5L * r.entries() + 4L * (r.rows() + 1);
        if (csrBytes < 4L * v.length()) {
          tensors.put(name + ".csr_values", Tensor.ofFloats(r.values(), r.entries()));
          tensors.put(
              name + ".csr_deltas", new Tensor(DType.U8, new long[] {r.entries()}, r.deltas()));
          tensors.put(name + ".csr_rowptr", Tensor.ofInts(r.rowPtr(), r.rows() + 1));
          sparse.add(name);
          continue;
        }
      }
      tensors.put(name, Tensor.of(v, DType.F32));
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(ModelFile.FORMAT_KEY, FORMAT);
    meta.put(ModelFile.ARCHITECTURE_KEY, model.architectureJson());
    meta.put(SPARSE_KEY, String.join(",", sparse));
    return new SafeTensors(tensors, meta);
  }

  /**
   * A sparse model file is at most this many times smaller than its float32 parameters. CSR costs 5
   * bytes per stored weight and 4 per row, so only a matrix with nearly every row empty comes near
   * it (the lab's 90%-pruned LeNet is 7.6 times smaller); a header declaring more than this is
   * damaged, and is refused before anything is allocated.
   */
  public static final int MAX_EXPANSION = 256;

  /**
   * The model in {@code file}, with dense parameters (pruned weights are zero again).
   *
   * @throws UncheckedIOException naming the file and the problem if it is missing, truncated or
   *     damaged
   * @throws IllegalArgumentException if the file is another kind of model file
   */
  public static Sequential load(Path file) {
    return fromSafeTensors(ModelFile.read(file), file.toString(), sizeOf(file));
  }

  /** {@link #load} from the bytes of a file; {@code source} names it in error messages. */
  public static Sequential decode(byte[] bytes, String source) {
    SafeTensors st;
    try {
      st = SafeTensors.parse(bytes, source);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    return fromSafeTensors(st, source, bytes.length);
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read model file " + file + ": " + e, e);
    }
  }

  private static Sequential fromSafeTensors(SafeTensors st, String source, long fileBytes) {
    Map<String, String> meta = st.metadata();
    if (!FORMAT.equals(meta.get(ModelFile.FORMAT_KEY))) {
      throw new IllegalArgumentException(
          "file "
              + source
              + " is not a sparse model file (format '"
              + meta.get(ModelFile.FORMAT_KEY)
              + "', expected '"
              + FORMAT
              + "'); load dense model files with ModelFile.load");
    }
    DeclaredArchitecture arch =
        DeclaredArchitecture.of(meta.get(ModelFile.ARCHITECTURE_KEY), source);
    arch.requireAtMost(
        MAX_EXPANSION * fileBytes,
        source,
        "bytes a sparse file of " + fileBytes + " bytes can hold (" + MAX_EXPANSION + "x)");
    List<String> sparse =
        meta.getOrDefault(SPARSE_KEY, "").isEmpty()
            ? List.of()
            : Arrays.asList(meta.get(SPARSE_KEY).split(","));
    Map<String, ParameterSpec> specs = arch.parameters();
    for (String name : sparse) {
      if (!specs.containsKey(name)) {
        throw damaged(source, "lists '" + name + "' as sparse but its architecture has no such");
      }
    }
    try {
      Sequential model = arch.build();
      for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
        String name = e.getKey();
        Parameter p = e.getValue();
        long[] shape = p.shape();
        if (sparse.contains(name)) {
          if (shape.length == 0 || shape[0] == 0) {
            throw damaged(source, "stores '" + name + "' of shape [] or [0, ...] as CSR");
          }
          int rows = Math.toIntExact(shape[0]);
          int cols = Math.toIntExact(p.size() / shape[0]);
          Tensor ptrT = tensor(st, name + ".csr_rowptr", source);
          Tensor deltas = tensor(st, name + ".csr_deltas", source);
          Tensor values = tensor(st, name + ".csr_values", source);
          if (ptrT.dtype() != DType.I32
              || deltas.dtype() != DType.U8
              || !values.dtype().isFloating()) {
            throw damaged(
                source,
                "stores the CSR of '"
                    + name
                    + "' as "
                    + ptrT.dtype()
                    + "/"
                    + deltas.dtype()
                    + "/"
                    + values.dtype()
                    + "; expected I32 row pointers, U8 deltas and float values");
          }
          int[] rowPtr = Arrays.stream(ptrT.toLongs()).mapToInt(Math::toIntExact).toArray();
          CsrMatrix.Relative r =
              new CsrMatrix.Relative(rows, cols, rowPtr, deltas.data(), values.toFloats());
          p.setValue(r.decode().toDense().reshape('c', shape));
        } else {
          Tensor t = tensor(st, name, source);
          if (!t.dtype().isFloating() || t.size() != p.size()) {
            throw damaged(
                source,
                "stores '"
                    + name
                    + "' as "
                    + t
                    + "; its architecture needs "
                    + p.size()
                    + " float values "
                    + Arrays.toString(shape));
          }
          p.setValue(t.toFloatINDArray().reshape('c', shape));
        }
      }
      return model;
    } catch (IllegalArgumentException | ArithmeticException | IllegalStateException e) {
      throw damaged(source, "does not decode: " + e.getMessage());
    }
  }

  private static Tensor tensor(SafeTensors st, String name, String source) {
    Tensor t = st.tensors().get(name);
    if (t == null) {
      throw damaged(source, "has no tensor '" + name + "'; tensors are " + st.tensors().keySet());
    }
    return t;
  }

  private static UncheckedIOException damaged(String source, String what) {
    return new UncheckedIOException(
        new IOException("sparse model file " + source + " " + what + "; the file is damaged"));
  }

  /**
   * The model in {@code file} compiled for plain-Java inference ({@link JavaEngine}), which keeps
   * mostly-zero dense weights in compressed sparse rows and skips zero weights and inputs.
   */
  public static JavaProgram loadSparse(Path file) {
    return JavaEngine.of(load(file));
  }
}
