package io.github.compressionlab.nas;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.nn.Adam;
import io.github.compressionlab.nn.EpochStats;
import io.github.compressionlab.nn.History;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
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
 * Export.Exported e = result.exportBest(FashionMnist.train(), Export.Retraining.standard(8, 1),
 *     Path.of("nas-winner.safetensors"));
 * }</pre>
 */
public final class Export {
  /** Metadata key holding the {@link Architecture} as JSON. */
  public static final String ARCHITECTURE_KEY = "nas_architecture";

  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

  private Export() {}

  /** How the winner is retrained: epochs, recipe, seed, and whether to show progress. */
  public record Retraining(int epochs, TrainRecipe recipe, long seed, boolean showProgress) {
    public Retraining {
      if (epochs < 1 || recipe == null) {
        throw new IllegalArgumentException(
            "retraining needs epochs >= 1 and a recipe; got " + epochs + ", " + recipe);
      }
    }

    /** {@code epochs} of batch 128, Adam 1e-3, with a progress line. */
    public static Retraining standard(int epochs, long seed) {
      return new Retraining(epochs, TrainRecipe.standard(), seed, true);
    }
  }

  /** The retrained model, its training history and the file it was saved to. */
  public record Exported(
      Architecture architecture, Sequential model, List<EpochStats> history, Path file) {
    public tech.tablesaw.api.Table historyTable() {
      return History.of(history).toTable();
    }
  }

  /** Builds {@code architecture} afresh, trains it on {@code train}, saves it to {@code file}. */
  public static Exported retrainAndSave(
      SearchSpace space, Architecture architecture, Dataset train, Retraining how, Path file) {
    Sequential model = space.build(architecture, how.seed());
    Trainer.Builder t =
        Trainer.builder()
            .model(model)
            .optimizer(new Adam(how.recipe().learningRate()))
            .epochs(how.epochs())
            .batchSize(how.recipe().batchSize())
            .seed(how.seed());
    if (how.showProgress()) {
      t.showProgress();
    }
    List<EpochStats> history = t.build().fit(train).epochs();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("name", "nas-winner");
    facts.put(ARCHITECTURE_KEY, architecture.toJson());
    facts.put("retraining", GSON.toJson(how));
    facts.put("history", GSON.toJson(history));
    facts.put("train_examples", String.valueOf(train.size()));
    ModelFile.save(model, file, facts);
    return new Exported(architecture, model, history, file);
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
