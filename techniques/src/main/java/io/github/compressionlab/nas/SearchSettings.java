package io.github.compressionlab.nas;

import io.github.compressionlab.Profile;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.data.Split;
import io.github.compressionlab.nn.Sequential;
import java.util.Locale;

/**
 * How the lab searches for a small CNN against a hand-designed baseline: one set of settings for
 * {@code ./lab bench nas} and notebook 01, so that both judge candidates on the same proxy.
 *
 * <p>Each trial trains for {@code epochsPerTrial} epochs on {@code proxyImages} training images (a
 * seeded sample) and is scored on {@code validationImages} held out of the training set; the test
 * set is never looked at. Candidates may have at most {@code maxParamsFraction} of the baseline's
 * parameters and at most {@code maxFlopsRatio} times its FLOPs. {@code seed} draws the validation
 * split and the proxy sample.
 *
 * <p>Why these defaults: with a 6,000-image proxy (and one epoch) the benchmark's search ranked
 * fast-learning shallow networks first and picked a one-block winner 1.07 points below the
 * baseline; 12,000 images for 2 epochs ranked a two-block network first that retrained level with
 * it. The FLOPs cap is twice the baseline's because a quarter of the parameters favours narrow,
 * deeper networks that do more arithmetic per parameter.
 *
 * <pre>{@code
 * SearchSettings settings = SearchSettings.of(Profile.current());
 * SearchSpace space = settings.space(baseline);
 * SearchSettings.ProxyData data = settings.data(FashionMnist.train());
 * Search.builder().space(space).strategy(new RegularizedEvolution(20, 5, settings.epochsPerTrial()))
 *     .data(data.proxy(), data.validation(), TrainingConfig.defaults()) ...
 * }</pre>
 *
 * @param proxyImages training images each trial trains on
 * @param epochsPerTrial epochs each trial trains for
 * @param validationImages training images held out to score trials
 * @param maxParamsFraction a candidate's parameters at most this fraction of the baseline's
 * @param maxFlopsRatio a candidate's FLOPs at most this multiple of the baseline's
 * @param seed seed of the validation split (the proxy sample uses {@code seed + 1})
 */
public record SearchSettings(
    int proxyImages,
    int epochsPerTrial,
    int validationImages,
    double maxParamsFraction,
    double maxFlopsRatio,
    long seed) {

  public SearchSettings {
    if (proxyImages < 1 || epochsPerTrial < 1 || validationImages < 1) {
      throw new IllegalArgumentException(
          "search settings need proxyImages, epochsPerTrial and validationImages >= 1; got "
              + proxyImages
              + ", "
              + epochsPerTrial
              + ", "
              + validationImages);
    }
    if (!(maxParamsFraction > 0) || !(maxFlopsRatio > 0)) {
      throw new IllegalArgumentException(
          "the limits are fractions of the baseline's cost and must be > 0 (e.g. 0.25 for a"
              + " quarter of its parameters, 2 for twice its FLOPs); got maxParamsFraction "
              + maxParamsFraction
              + ", maxFlopsRatio "
              + maxFlopsRatio);
    }
  }

  /**
   * The full profile's settings ({@code ./lab bench nas}'s defaults): 12,000 proxy images, 2 epochs
   * per trial, 5,000 validation images, at most 25% of the baseline's parameters and twice its
   * FLOPs, seed 17.
   */
  public static SearchSettings defaults() {
    return new SearchSettings(12_000, 2, 5_000, 0.25, 2.0, 17);
  }

  /**
   * The quick profile's settings, a smoke run: 2,000 proxy images, 1 epoch per trial, 1,000
   * validation images; the same limits and seed as {@link #defaults()}.
   */
  public static SearchSettings quick() {
    return new SearchSettings(2_000, 1, 1_000, 0.25, 2.0, 17);
  }

  /** {@link #defaults()} for {@link Profile#FULL}, {@link #quick()} for {@link Profile#QUICK}. */
  public static SearchSettings of(Profile profile) {
    if (profile == null) {
      throw new IllegalArgumentException("give a profile, e.g. Profile.current()");
    }
    return profile.pick(defaults(), quick());
  }

  /** These settings with another proxy size. */
  public SearchSettings withProxyImages(int images) {
    return new SearchSettings(
        images, epochsPerTrial, validationImages, maxParamsFraction, maxFlopsRatio, seed);
  }

  /** These settings with another FLOPs cap (a multiple of the baseline's FLOPs). */
  public SearchSettings withMaxFlopsRatio(double ratio) {
    return new SearchSettings(
        proxyImages, epochsPerTrial, validationImages, maxParamsFraction, ratio, seed);
  }

  /**
   * The limits for a search against {@code baseline}: at most {@code floor(maxParamsFraction ×
   * params)} parameters and {@code round(maxFlopsRatio × FLOPs)} FLOPs.
   */
  public Constraints constraints(Sequential baseline) {
    if (baseline == null) {
      throw new IllegalArgumentException(
          "give the hand-designed baseline the limits are relative to, e.g."
              + " ReferenceModels.smallCnn(seed)");
    }
    long maxParams = Math.max(1, (long) Math.floor(maxParamsFraction * baseline.paramCount()));
    long maxFlops = Math.max(1, Math.round(maxFlopsRatio * baseline.flops()));
    return Constraints.none().withMaxParams(maxParams).withMaxFlops(maxFlops);
  }

  /**
   * The space the benchmark and notebook 01 search, under {@link #constraints(Sequential)}: 1-3
   * conv blocks (width 4-32, kernel 3 or 5, optional 2x2 max pooling), 0 or 1 hidden dense layer
   * (16, 32 or 64 wide), dropout 0, 0.1 or 0.25.
   */
  public SearchSpace space(Sequential baseline) {
    return SearchSpace.builder(1, 28, 28)
        .convBlocks(1, 2, 3)
        .convWidths(4, 8, 12, 16, 24, 32)
        .kernelSizes(3, 5)
        .pooling(Pooling.MAX, Pooling.NONE)
        .denseLayers(0, 1)
        .denseWidths(16, 32, 64)
        .dropout(0.0, 0.1, 0.25)
        .constraints(constraints(baseline))
        .build();
  }

  /**
   * The images a search sees, drawn from {@code train}.
   *
   * @param proxy what each trial trains on: {@code proxyImages} drawn from {@code rest}
   * @param validation what each trial is scored on: {@code validationImages} held out
   * @param rest the training images not held out (the proxy is a sample of them)
   */
  public record ProxyData(Dataset proxy, Dataset validation, Dataset rest) {}

  /**
   * Holds {@code validationImages} of {@code train} out (seeded with {@code seed}) and samples the
   * proxy from the rest (seeded with {@code seed + 1}); a proxy larger than the rest is all of it.
   */
  public ProxyData data(Dataset train) {
    if (train == null || train.size() <= validationImages) {
      throw new IllegalArgumentException(
          "the training set must have more than the "
              + validationImages
              + " validation images to hold out; got "
              + (train == null ? "none" : train.size() + " images")
              + ". Use more data or fewer validation images");
    }
    Split split = train.split((double) validationImages / train.size(), seed);
    Dataset rest = split.train();
    Dataset proxy = rest.sample(Math.min(proxyImages, rest.size()), seed + 1);
    return new ProxyData(proxy, split.validation(), rest);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "SearchSettings[proxy %,d images × %d epoch%s per trial, validation %,d, params <= %.0f%%"
            + " and FLOPs <= %.3gx of the baseline, seed %d]",
        proxyImages,
        epochsPerTrial,
        epochsPerTrial == 1 ? "" : "s",
        validationImages,
        100 * maxParamsFraction,
        maxFlopsRatio,
        seed);
  }
}
