package io.github.compressionlab.models;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import io.github.compressionlab.Profile;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.data.FashionMnist;
import io.github.compressionlab.data.Split;
import io.github.compressionlab.io.ModelCache;
import io.github.compressionlab.nn.EpochStats;
import io.github.compressionlab.nn.Evaluation;
import io.github.compressionlab.nn.History;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.nn.Trainer;
import io.github.compressionlab.nn.TrainingConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The course's "giant" teacher: a CNN big enough to be worth compressing (about 0.8 M parameters,
 * 3.3 MB as float32) that reaches about 92% on the Fashion-MNIST test set in the {@code full}
 * profile. Notebook 00 trains it once; every later notebook calls {@link #load()} and gets the
 * cached copy from {@link ModelCache}.
 *
 * <pre>{@code
 * Teacher.Trained t = Teacher.load();   // cached, or trained now with live progress
 * Sequential teacher = t.model();
 * }</pre>
 */
public final class Teacher {
  /** The seed of the course's teacher: weights, dropout, shuffling and the validation split. */
  public static final long SEED = 42;

  private static final String NAME = "teacher-cnn";
  private static final Gson GSON =
      new com.google.gson.GsonBuilder().serializeSpecialFloatingPointValues().create();

  private Teacher() {}

  /**
   * conv 32@3x3 (pad 1) → ReLU → max-pool 2 → conv 64@3x3 (pad 1) → ReLU → max-pool 2 → dense 256 →
   * ReLU → dropout 0.3 → dense 10, for [1,28,28] images.
   */
  public static Sequential architecture(long seed) {
    return Sequential.builder(1, 28, 28)
        .seed(seed)
        .conv2d("conv1", 32, 3, 1, 1)
        .relu("relu1")
        .maxPool("pool1", 2)
        .conv2d("conv2", 64, 3, 1, 1)
        .relu("relu2")
        .maxPool("pool2", 2)
        .flatten()
        .dense("fc1", 256)
        .relu("relu3")
        .dropout("drop1", 0.3)
        .dense("fc2", 10)
        .build();
  }

  /**
   * How the teacher is trained.
   *
   * @param training epochs, batch size, optimizer and seed (the seed also draws the weights, the
   *     sample and the validation split); its validation set is the recipe's own split, so leave it
   *     unset
   * @param trainExamples how many training examples to use (a seeded sample); 0 for all
   * @param validationFraction share of the training examples held out to watch training
   */
  public record Recipe(TrainingConfig training, int trainExamples, double validationFraction) {
    public Recipe {
      if (training == null) {
        throw new IllegalArgumentException(
            "a teacher recipe needs a training config, e.g. TrainingConfig.builder().epochs(10)"
                + ".seed(Teacher.SEED).build()");
      }
      if (training.validation() != null) {
        throw new IllegalArgumentException(
            "the recipe holds out its own validation split (validationFraction); leave the"
                + " training config's validation unset");
      }
      if (trainExamples < 0) {
        throw new IllegalArgumentException(
            "trainExamples must be >= 0 (0 = all), got " + trainExamples);
      }
      if (!(validationFraction > 0 && validationFraction < 1)) {
        throw new IllegalArgumentException(
            "validationFraction must lie in (0, 1), e.g. 0.1; got " + validationFraction);
      }
    }

    /** The recipe of a profile: 10 epochs on all 54,000 training images, or 1 on 4,000. */
    public static Recipe of(Profile profile) {
      TrainingConfig.Builder t =
          TrainingConfig.builder().batchSize(128).learningRate(1e-3).seed(SEED);
      return profile == Profile.FULL
          ? new Recipe(t.epochs(10).build(), 0, 0.1)
          : new Recipe(t.epochs(1).build(), 4000, 0.1);
    }

    public int epochs() {
      return training.epochs();
    }

    /** The seed of everything random. */
    public long seed() {
      return training.seed();
    }

    /** The recipe as the teacher's file records it: its figures, no objects. */
    Map<String, Object> facts() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("epochs", training.epochs());
      m.put("trainExamples", trainExamples);
      m.put("batchSize", training.batchSize());
      m.put("learningRate", training.learningRate());
      m.put("validationFraction", validationFraction);
      m.put("seed", training.seed());
      return m;
    }
  }

  /**
   * A trained teacher with the record of its training.
   *
   * @param fromCache true if it was loaded from the model cache rather than trained now
   */
  public record Trained(
      Sequential model, List<EpochStats> epochs, Recipe recipe, Path file, boolean fromCache) {
    /** The training curve as a table: one row per epoch. */
    public tech.tablesaw.api.Table history() {
      return History.of(epochs).toTable();
    }
  }

  /** The cache key of the teacher trained with {@code recipe}. */
  public static String cacheKey(Recipe recipe) {
    return ModelCache.key(NAME, architecture(recipe.seed()), recipe.seed())
        + String.format(Locale.ROOT, "-e%d-n%d", recipe.epochs(), recipe.trainExamples());
  }

  /** The teacher of the current profile: from the cache if it is there, else trained and cached. */
  public static Trained load() {
    return load(Recipe.of(Profile.current()));
  }

  /**
   * The teacher of {@code recipe}: from the cache if it is there, else trained and cached. Kernels
   * asking at once train it once (the cache's lock); a damaged cached file is moved aside and the
   * teacher trained again (see {@link ModelCache#entry}).
   */
  public static Trained load(Recipe recipe) {
    ModelCache.Entry e =
        ModelCache.entry(
            cacheKey(recipe),
            () -> {
              Fit fit = fit(recipe);
              return new ModelCache.Trained(fit.model(), fit.facts());
            });
    return new Trained(
        e.model(), parseEpochs(e.metadata().get("history")), recipe, e.file(), !e.trained());
  }

  /**
   * A teacher of {@code recipe} trained on {@code images} instead of the training set (e.g. one
   * half of it, for distillation's half-split control), cached under the recipe's key plus {@code
   * subsetKey}, which must name the subset (e.g. "half-a-seed1"); through the cache's lock and
   * checks like {@link #load(Recipe)}.
   */
  public static Trained load(Recipe recipe, Dataset images, String subsetKey) {
    if (images == null || subsetKey == null || subsetKey.isBlank()) {
      throw new IllegalArgumentException(
          "give the images to train on and a key naming them, e.g. Teacher.load(recipe, half,"
              + " \"half-a-seed1\")");
    }
    String key =
        cacheKey(recipe) + "-" + subsetKey + String.format(Locale.ROOT, "-m%d", images.size());
    ModelCache.Entry e =
        ModelCache.entry(
            key,
            () -> {
              Fit fit = fit(recipe, images);
              return new ModelCache.Trained(fit.model(), fit.facts());
            });
    return new Trained(
        e.model(), parseEpochs(e.metadata().get("history")), recipe, e.file(), !e.trained());
  }

  /**
   * Trains a teacher with {@code recipe}, with a progress display, and saves it to {@code file}
   * (atomically, with the cache's checksum).
   */
  public static Trained train(Recipe recipe, Path file) {
    Fit fit = fit(recipe);
    ModelCache.save(fit.model(), file, fit.facts());
    return new Trained(fit.model(), fit.epochs(), recipe, file, false);
  }

  private record Fit(Sequential model, List<EpochStats> epochs, Map<String, String> facts) {}

  private static Fit fit(Recipe recipe) {
    return fit(recipe, FashionMnist.train());
  }

  private static Fit fit(Recipe recipe, Dataset images) {
    Dataset all = images;
    if (recipe.trainExamples() > 0 && recipe.trainExamples() < all.size()) {
      all = all.sample(recipe.trainExamples(), recipe.seed());
    }
    Split split = all.split(recipe.validationFraction(), recipe.seed());
    Sequential model = architecture(recipe.seed());
    TrainingConfig training =
        recipe.training().toBuilder().validation(split.validation()).showProgress().build();
    History history = new Trainer(model, training).fit(split.train());
    double testAccuracy = Evaluation.of(model, FashionMnist.test()).accuracy();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("name", NAME);
    facts.put("profile", Profile.current().id());
    facts.put("recipe", GSON.toJson(recipe.facts()));
    facts.put("history", GSON.toJson(history.epochs()));
    facts.put("test_accuracy", String.format(Locale.ROOT, "%.4f", testAccuracy));
    return new Fit(model, history.epochs(), facts);
  }

  private static List<EpochStats> parseEpochs(String json) {
    if (json == null) {
      return List.of();
    }
    return GSON.fromJson(json, new TypeToken<List<EpochStats>>() {}.getType());
  }
}
