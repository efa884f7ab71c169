package io.github.compressionlab.io;

import io.github.compressionlab.Lab;
import io.github.compressionlab.io.SafeTensors.Tensor;
import io.github.compressionlab.nn.Parameter;
import io.github.compressionlab.nn.ParameterSpec;
import io.github.compressionlab.nn.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model as one {@code .safetensors} file: each parameter is an F32 tensor named by its dotted
 * name ({@code "fc1.weight"}), and {@code __metadata__} holds {@value #FORMAT_KEY} = {@value
 * #FORMAT}, {@value #ARCHITECTURE_KEY} = {@link Sequential#architectureJson()}, {@value
 * #LIBRARY_KEY} = the lab's version, plus the caller's facts (accuracy, epochs, seed, ...). Files
 * are written atomically (temporary file, then rename), so a crash never leaves half a model. No
 * Java serialization: the files open in Python with {@code safetensors.safe_open}.
 *
 * <p>Methods throw {@link UncheckedIOException} naming the file and the problem when a file is
 * missing, truncated, malformed or does not match its architecture.
 */
public final class ModelFile {
  /** Metadata key of the format tag. */
  public static final String FORMAT_KEY = "format";

  /** The format tag this version writes and reads. */
  public static final String FORMAT = "compression-lab/1";

  /** Metadata key of the architecture JSON. */
  public static final String ARCHITECTURE_KEY = "architecture";

  /** Metadata key of the library version that wrote the file. */
  public static final String LIBRARY_KEY = "library";

  private static final Set<String> RESERVED = Set.of(FORMAT_KEY, ARCHITECTURE_KEY, LIBRARY_KEY);

  private ModelFile() {}

  /** Saves without extra facts. */
  public static void save(Sequential model, Path file) {
    save(model, file, Map.of());
  }

  /**
   * Saves the model's architecture and parameters, with {@code metadata} (the caller's facts, e.g.
   * {@code accuracy}, {@code epochs}, {@code seed}) stored beside them.
   */
  public static void save(Sequential model, Path file, Map<String, String> metadata) {
    write(file, toSafeTensors(model, metadata));
  }

  /** The model as named tensors plus metadata, as {@link #save} writes it. */
  public static SafeTensors toSafeTensors(Sequential model, Map<String, String> metadata) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(FORMAT_KEY, FORMAT);
    meta.put(LIBRARY_KEY, "compression-lab " + Lab.version());
    meta.put(ARCHITECTURE_KEY, model.architectureJson());
    if (metadata != null) {
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (RESERVED.contains(e.getKey())) {
          throw new IllegalArgumentException(
              "metadata key '"
                  + e.getKey()
                  + "' is reserved for ModelFile itself; use another name, e.g. 'model_"
                  + e.getKey()
                  + "'");
        }
        meta.put(e.getKey(), e.getValue());
      }
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
      tensors.put(e.getKey(), Tensor.of(e.getValue().value(), SafeTensors.DType.F32));
    }
    return new SafeTensors(tensors, meta);
  }

  /**
   * Loads a model saved by {@link #save}: builds the architecture from the metadata, then copies
   * every parameter from the tensor of the same dotted name (F16 and BF16 tensors are widened to
   * float32).
   */
  public static Sequential load(Path file) {
    SafeTensors st = read(file);
    return fromSafeTensors(st, file.toString());
  }

  /** Builds the model stored in {@code st}; {@code source} names it in error messages. */
  public static Sequential fromSafeTensors(SafeTensors st, String source) {
    Map<String, String> meta = st.metadata();
    String format = meta.get(FORMAT_KEY);
    if (format == null) {
      throw problem(
          source,
          "has no '"
              + FORMAT_KEY
              + "' in its metadata, so it is not a Compression Lab model file; read its raw tensors"
              + " with ModelFile.read");
    }
    if (!format.equals(FORMAT)) {
      throw problem(
          source,
          "has format '"
              + format
              + "', this library reads '"
              + FORMAT
              + "'"
              + (format.startsWith("compression-lab/")
                  ? "; it was written by another version of the lab"
                  : ""));
    }
    String arch = meta.get(ARCHITECTURE_KEY);
    if (arch == null) {
      throw problem(
          source, "has no '" + ARCHITECTURE_KEY + "' in its metadata; the file is damaged");
    }
    // Every parameter is checked against its tensor before the model (and its native memory) is
    // allocated, so the header cannot ask for more than the file holds.
    DeclaredArchitecture declared = DeclaredArchitecture.of(arch, source);
    Map<String, Tensor> tensors = st.tensors();
    Set<String> unused = new LinkedHashSet<>(tensors.keySet());
    for (Map.Entry<String, ParameterSpec> e : declared.parameters().entrySet()) {
      String name = e.getKey();
      Tensor t = tensors.get(name);
      if (t == null) {
        throw problem(
            source,
            "has no tensor for parameter '"
                + name
                + "' of its architecture; tensors are "
                + tensors.keySet());
      }
      if (!Arrays.equals(t.shape(), e.getValue().shape())) {
        throw problem(
            source,
            "has tensor '"
                + name
                + "' of shape "
                + Arrays.toString(t.shape())
                + " but its architecture needs "
                + Arrays.toString(e.getValue().shape()));
      }
      if (!t.dtype().isFloating()) {
        throw problem(
            source,
            "stores parameter '"
                + name
                + "' as "
                + t.dtype()
                + "; parameters must be F32, F16 or BF16");
      }
      unused.remove(name);
    }
    if (!unused.isEmpty()) {
      throw problem(
          source,
          "has tensors "
              + unused
              + " that its architecture has no parameters for; the file is inconsistent");
    }
    Sequential model;
    try {
      model = declared.build();
    } catch (RuntimeException e) {
      throw problem(source, "has an architecture the lab cannot build: " + e.getMessage());
    }
    for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
      e.getValue().setValue(tensors.get(e.getKey()).toFloatINDArray());
    }
    return model;
  }

  /**
   * Builds the model stored in the bytes of a model file; {@code source} names it in error
   * messages.
   *
   * @throws UncheckedIOException saying what is wrong with the bytes, as {@link #load} does
   */
  public static Sequential decode(byte[] bytes, String source) {
    SafeTensors st;
    try {
      st = SafeTensors.parse(bytes, source);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    return fromSafeTensors(st, source);
  }

  /** The metadata of a model file (format, architecture, library and the caller's facts). */
  public static Map<String, String> metadata(Path file) {
    return read(file).metadata();
  }

  /** Reads any safetensors file, checking its structure. */
  public static SafeTensors read(Path file) {
    try {
      return SafeTensors.read(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new UncheckedIOException("model file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /** Writes any safetensors content to {@code file} atomically. */
  public static void write(Path file, SafeTensors st) {
    try {
      st.write(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write model file " + file + ": " + e, e);
    }
  }

  /** The names of the tensors a model file holds, in file order. */
  public static List<String> tensorNames(Path file) {
    return List.copyOf(read(file).tensors().keySet());
  }

  private static UncheckedIOException problem(String source, String what) {
    return new UncheckedIOException(new IOException("model file " + source + " " + what + "."));
  }
}
