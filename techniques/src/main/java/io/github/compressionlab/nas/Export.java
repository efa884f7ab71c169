package io.github.compressionlab.nas;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.nn.EpochStats;
import io.github.compressionlab.nn.History;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gets the searched model out: the chosen architecture, retrained from scratch on the full training
 * set (search trials train on a small proxy), saved as an ordinary {@link ModelFile} that {@code
 * ModelFile.load} reads back like any other model.
 *
 * <pre>{@code
 * Export.Exported e = result.exportBest(FashionMnist.train(),
 *     TrainingConfig.builder().epochs(8).seed(1).showProgress().build(),
 *     Path.of("nas-winner.safetensors"));
 * }</pre>
 */
public final class Export {
  /** Metadata key holding the {@link Architecture} as JSON. */
  public static final String ARCHITECTURE_KEY = "nas_architecture";

  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

  private Export() {}

  /** The retrained model, its training history and the file it was saved to. */
  public record Exported(
      Architecture architecture, Sequential model, List<EpochStats> history, Path file) {
    public tech.tablesaw.api.Table historyTable() {
      return History.of(history).toTable();
    }
  }

  /**
   * Builds {@code architecture} afresh (weights drawn from the config's seed), trains it on {@code
   * train} with {@code how}, saves it to {@code file}.
   */
  public static Exported retrainAndSave(
      SearchSpace space, Architecture architecture, Dataset train, TrainingConfig how, Path file) {
    Sequential model = space.build(architecture, how.seed());
    List<EpochStats> history = new Trainer(model, how).fit(train).epochs();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("name", "nas-winner");
    facts.put(ARCHITECTURE_KEY, architecture.toJson());
    facts.put("retraining", GSON.toJson(retraining(how)));
    facts.put("history", GSON.toJson(history));
    facts.put("train_examples", String.valueOf(train.size()));
    ModelFile.save(model, file, facts);
    return new Exported(architecture, model, history, file);
  }

  /** How the winner was retrained, as the file's metadata records it. */
  private static Map<String, Object> retraining(TrainingConfig how) {
    Map<String, Object> recipe = new LinkedHashMap<>();
    recipe.put("batchSize", how.batchSize());
    recipe.put("learningRate", how.learningRate());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epochs", how.epochs());
    m.put("recipe", recipe);
    m.put("seed", how.seed());
    m.put("showProgress", how.showProgress());
    return m;
  }

  /** The architecture saved in a model file written by {@link #retrainAndSave}. */
  public static Architecture architectureOf(Path file) {
    String json = ModelFile.metadata(file).get(ARCHITECTURE_KEY);
    if (json == null) {
      throw new IllegalArgumentException(
          file
              + " has no \""
              + ARCHITECTURE_KEY
              + "\" metadata: it was not exported by nas.Export");
    }
    return Architecture.fromJson(json);
  }
}
