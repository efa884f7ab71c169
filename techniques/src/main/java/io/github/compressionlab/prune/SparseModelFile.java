package io.github.compressionlab.prune;

import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.io.SafeTensors;
import io.github.compressionlab.io.SafeTensors.DType;
import io.github.compressionlab.io.SafeTensors.Tensor;
import io.github.compressionlab.nn.JavaEngine;
import io.github.compressionlab.nn.JavaProgram;
import io.github.compressionlab.nn.Parameter;
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

  /** The model in {@code file}, with dense parameters (pruned weights are zero again). */
  public static Sequential load(Path file) {
    SafeTensors st = ModelFile.read(file);
    Map<String, String> meta = st.metadata();
    if (!FORMAT.equals(meta.get(ModelFile.FORMAT_KEY))) {
      throw new IllegalArgumentException(
          "file "
              + file
              + " is not a sparse model file (format '"
              + meta.get(ModelFile.FORMAT_KEY)
              + "', expected '"
              + FORMAT
              + "'); load dense model files with ModelFile.load");
    }
    Sequential model = Sequential.fromArchitectureJson(meta.get(ModelFile.ARCHITECTURE_KEY), 0);
    List<String> sparse =
        meta.getOrDefault(SPARSE_KEY, "").isEmpty()
            ? List.of()
            : Arrays.asList(meta.get(SPARSE_KEY).split(","));
    for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
      String name = e.getKey();
      Parameter p = e.getValue();
      if (sparse.contains(name)) {
        long[] shape = p.shape();
        int rows = Math.toIntExact(shape[0]);
        int cols = Math.toIntExact(p.size() / shape[0]);
        long[] ptr = st.tensor(name + ".csr_rowptr").toLongs();
        int[] rowPtr = Arrays.stream(ptr).mapToInt(Math::toIntExact).toArray();
        CsrMatrix.Relative r =
            new CsrMatrix.Relative(
                rows,
                cols,
                rowPtr,
                st.tensor(name + ".csr_deltas").data(),
                st.tensor(name + ".csr_values").toFloats());
        p.setValue(r.decode().toDense().reshape('c', shape));
      } else {
        p.setValue(st.tensor(name).toFloatINDArray().reshape('c', p.shape()));
      }
    }
    return model;
  }

  /**
   * The model in {@code file} compiled for plain-Java inference ({@link JavaEngine}), which keeps
   * mostly-zero dense weights in compressed sparse rows and skips zero weights and inputs.
   */
  public static JavaProgram loadSparse(Path file) {
    return JavaEngine.of(load(file));
  }
}
