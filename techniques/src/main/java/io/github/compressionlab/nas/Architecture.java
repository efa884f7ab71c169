package io.github.compressionlab.nas;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The values chosen for one point of a {@link SearchSpace}: conv blocks (each width, kernel,
 * pooling), the widths of the hidden dense layers, and the dropout probability used after the
 * hidden layers (after flatten when there are none). {@link SearchSpace#build} turns it into an
 * {@code nn.Sequential}. Prints compactly ({@code conv[8k3+pool 16k5+pool] dense[32] drop 0.1}) and
 * round-trips through JSON ({@link #toJson}, {@link #fromJson}).
 */
public record Architecture(List<ConvBlock> convBlocks, List<Integer> denseWidths, double dropout) {
  private static final Gson GSON = new GsonBuilder().create();

  public Architecture {
    if (convBlocks == null || denseWidths == null) {
      throw new IllegalArgumentException(
          "convBlocks and denseWidths must be lists (empty for none), not null");
    }
    convBlocks = List.copyOf(convBlocks);
    denseWidths = List.copyOf(denseWidths);
    for (int w : denseWidths) {
      if (w < 1) {
        throw new IllegalArgumentException("dense widths must be >= 1; got " + denseWidths);
      }
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must lie in [0, 1); got " + dropout);
    }
  }

  /** This architecture as one line of JSON. */
  public String toJson() {
    return GSON.toJson(this);
  }

  /** Reads an architecture written by {@link #toJson}; a clear error if the JSON does not fit. */
  public static Architecture fromJson(String json) {
    Architecture a;
    try {
      a = GSON.fromJson(json, Architecture.class);
    } catch (JsonParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not an architecture: " + e.getMessage() + "; expected JSON like " + example(), e);
    }
    if (a == null) {
      throw new IllegalArgumentException(
          "empty architecture JSON; expected JSON like " + example());
    }
    return a;
  }

  private static String example() {
    return new Architecture(List.of(new ConvBlock(8, 3, Pooling.MAX)), List.of(32), 0.1).toJson();
  }

  @Override
  public String toString() {
    String conv =
        convBlocks.stream().map(ConvBlock::toString).collect(Collectors.joining(" ", "conv[", "]"));
    String dense =
        denseWidths.stream().map(String::valueOf).collect(Collectors.joining(" ", "dense[", "]"));
    return conv
        + " "
        + dense
        + (dropout > 0 ? String.format(Locale.ROOT, " drop %.2g", dropout) : "");
  }
}
