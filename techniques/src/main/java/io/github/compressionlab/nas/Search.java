package io.github.compressionlab.nas;

import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.ProgressSink;
import io.github.compressionlab.nn.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs the search loop: ask the {@link SearchStrategy} for candidates, evaluate them (train and
 * test), report the results, and repeat until the {@link Budget} is spent or the goal accuracy is
 * reached.
 *
 * <pre>{@code
 * SearchResult r = Search.builder()
 *     .space(space).strategy(new RegularizedEvolution(20, 5, 1))
 *     .data(proxyTrain, validation, TrainingConfig.defaults())
 *     .budget(Budget.trials(60)).seed(7).threads(2).log(Path.of("nas.jsonl"))
 *     .build().run();
 * r.table();  r.paretoFront(Cost.PARAMS);  r.best();
 * }</pre>
 *
 * <p><b>Reproducible.</b> Trial {@code i} gets its own seed derived from the search seed and {@code
 * i}; the strategy draws from the search seed; each batch of {@code threads} candidates is
 * proposed, evaluated, then reported in proposal order, so the same seed, space, strategy, thread
 * count and trial (or epoch) budget give the same trials whatever order the threads finish in.
 *
 * <p><b>Concurrent.</b> Candidates of a batch train on a fixed pool of {@code threads} threads;
 * each trial has its own model, data batches and seed, and ND4J operations on distinct arrays are
 * thread-safe.
 *
 * <p><b>Logged and resumable.</b> With {@link Builder#log}, every finished trial is appended to a
 * JSON-lines {@link TrialLog} as soon as it finishes. Running the same search with the same log
 * again replays the logged trials (the strategy is fed the logged results instead of retraining)
 * and continues where the interrupted run stopped, with the same results as an uninterrupted run.
 *
 * <p><b>More machines.</b> Trials are independent: an evaluation needs only the proposal, its seed
 * and the data. To spread the loop over machines, keep the strategy on one coordinator that
 * proposes batches as here, send each (index, proposal, seed) to a worker, and have workers append
 * their finished trial lines to the shared log (a file on shared storage, or lines sent back to the
 * coordinator, which appends them). The log is the coordination point: the coordinator reports a
 * batch once all its indices are in the log, and a crashed coordinator resumes from the log as
 * above. Batch size becomes the number of workers.
 */
public final class Search {
  private final SearchSpace space;
  private final SearchStrategy strategy;
  private final TrialEvaluator evaluator;
  private final Budget budget;
  private final long seed;
  private final int threads;
  private final Path logFile;
  private final double goal;
  private final boolean progress;
  private final List<Consumer<Trial>> trialListeners;

  private Search(Builder b) {
    this.space = b.space;
    this.strategy = b.strategy;
    this.evaluator = b.evaluator;
    this.budget = b.budget;
    this.seed = b.seed;
    this.threads = b.threads;
    this.logFile = b.log;
    this.goal = b.goal;
    this.progress = b.progress;
    this.trialListeners = List.copyOf(b.trialListeners);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The seed of trial {@code index} of a search seeded with {@code seed} (SplitMix64). */
  public static long trialSeed(long seed, int index) {
    long z = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L * (index + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The header identifying this search in its log. */
  public TrialLog.Header header() {
    return new TrialLog.Header(TrialLog.FORMAT, strategy.name(), seed, threads, space.toString());
  }

  /**
   * Runs the search (resuming from the log if it holds trials of this search) and returns every
   * trial.
   *
   * @throws IllegalArgumentException if the log is corrupt or belongs to another search, or no
   *     architecture can meet the latency limit
   * @throws IllegalStateException if a trial fails (finished trials stay in the log)
   */
  public SearchResult run() {
    TrialLog log = logFile == null ? null : TrialLog.open(logFile, header());
    space.checkLatencyFeasible();
    Map<Integer, Trial> logged = log == null ? Map.of() : log.trials();
    strategy.reset(space, trialSeed(seed, -1));
    List<Trial> done = new ArrayList<>();
    long epochs = 0;
    double replayedSeconds = 0;
    long start = System.nanoTime();
    ProgressSink sink = progress ? ProgressSink.create() : null;
    if (sink != null) {
      sink.start(
          String.format(
              Locale.ROOT,
              "searching with %s, budget %s, %d thread%s%s",
              strategy.name(),
              budget,
              threads,
              threads == 1 ? "" : "s",
              logged.isEmpty() ? "" : ", resuming " + logged.size() + " logged trials"));
    }
    ExecutorService pool =
        threads > 1 ? Executors.newFixedThreadPool(threads, daemonThreads()) : null;
    try {
      while (true) {
        double elapsed = (System.nanoTime() - start) / 1e9 + replayedSeconds / threads;
        int remaining = budget.maxTrials() - done.size();
        if (remaining <= 0 || epochs >= budget.maxEpochs() || elapsed >= budget.maxSeconds()) {
          break;
        }
        if (!done.isEmpty() && best(done).score() >= goal) {
          break;
        }
        List<Proposal> batch = strategy.propose(Math.min(threads, remaining));
        if (batch.isEmpty()) {
          break;
        }
        Trial[] results = new Trial[batch.size()];
        List<Integer> toRun = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
          int index = done.size() + i;
          Trial t = logged.get(index);
          if (t == null) {
            toRun.add(i);
            continue;
          }
          if (!t.proposal().equals(batch.get(i))) {
            throw new IllegalArgumentException(
                "trial log "
                    + logFile
                    + ": trial "
                    + index
                    + " is "
                    + t.proposal()
                    + " but this search proposes "
                    + batch.get(i)
                    + " there; the log was written by a different search or code version. Use a"
                    + " new log file. The log was left unchanged.");
          }
          results[i] = t;
          replayedSeconds += t.seconds();
        }
        evaluate(batch, toRun, results, done, log, pool, sink, start, epochs);
        List<Trial> batchTrials = List.of(results);
        strategy.report(batchTrials);
        for (Trial t : batchTrials) {
          epochs += t.epochs();
        }
        done.addAll(batchTrials);
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (sink != null) {
      sink.finish(
          done.isEmpty()
              ? "no trials ran"
              : String.format(
                  Locale.ROOT,
                  "%d trials in %.0f s; best val acc %.4f: %s",
                  done.size(),
                  seconds,
                  best(done).validationAccuracy(),
                  best(done).architecture()));
    }
    return new SearchResult(space, strategy.name(), done, seconds);
  }

  private void evaluate(
      List<Proposal> batch,
      List<Integer> toRun,
      Trial[] results,
      List<Trial> done,
      TrialLog log,
      ExecutorService pool,
      ProgressSink sink,
      long start,
      long epochsBefore) {
    int base = done.size();
    List<Trial> finished = new ArrayList<>(done);
    for (Trial t : results) {
      if (t != null) {
        finished.add(t);
        announce(t, finished, sink, start, epochsBefore);
      }
    }
    if (pool == null || toRun.size() <= 1) {
      for (int i : toRun) {
        Trial t = evaluateOne(base + i, batch.get(i));
        record(t, results, i, log, finished, sink, start, epochsBefore);
      }
      return;
    }
    CompletionService<Trial> cs = new ExecutorCompletionService<>(pool);
    for (int i : toRun) {
      Proposal p = batch.get(i);
      int index = base + i;
      cs.submit(() -> evaluateOne(index, p));
    }
    RuntimeException failure = null;
    for (int k = 0; k < toRun.size(); k++) {
      try {
        Trial t = cs.take().get();
        record(t, results, t.index() - base, log, finished, sink, start, epochsBefore);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof RuntimeException re
                  ? re
                  : new IllegalStateException("a trial failed: " + e.getCause(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("the search was interrupted; resume it from its log", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private Trial evaluateOne(int index, Proposal p) {
    Trial t = evaluator.evaluate(index, p, trialSeed(seed, index));
    if (t.index() != index || !t.proposal().equals(p)) {
      throw new IllegalStateException(
          "the evaluator returned "
              + t
              + " for trial "
              + index
              + " of "
              + p
              + "; it must keep both");
    }
    return t;
  }

  private void record(
      Trial t,
      Trial[] results,
      int slot,
      TrialLog log,
      List<Trial> finished,
      ProgressSink sink,
      long start,
      long epochsBefore) {
    results[slot] = t;
    if (log != null) {
      log.append(t);
    }
    finished.add(t);
    announce(t, finished, sink, start, epochsBefore);
  }

  private void announce(
      Trial t, List<Trial> finished, ProgressSink sink, long start, long epochsBefore) {
    for (Consumer<Trial> l : trialListeners) {
      l.accept(t);
    }
    if (sink != null) {
      Trial best = best(finished);
      double elapsed = (System.nanoTime() - start) / 1e9;
      sink.update(
          String.format(
              Locale.ROOT,
              "trial %d: val acc %.4f, %,d params | best %.4f (%,d params) %s",
              t.index() + 1,
              t.validationAccuracy(),
              t.params(),
              best.validationAccuracy(),
              best.params(),
              best.architecture()),
          Math.min(1, budget.used(finished.size(), epochsBefore + t.epochs(), elapsed)));
    }
  }

  /**
   * The most accurate feasible trial (the earliest on ties); the first trial if none is feasible.
   */
  static Trial best(List<Trial> trials) {
    Trial best = trials.get(0);
    for (Trial t : trials) {
      if (t.score() > best.score()) {
        best = t;
      }
    }
    return best;
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "nas-trial-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Settings of a {@link Search}: space, strategy, and data (or an evaluator) are required. */
  public static final class Builder {
    private SearchSpace space;
    private SearchStrategy strategy;
    private TrialEvaluator evaluator;
    private Budget budget = Budget.trials(20);
    private long seed;
    private int threads = 1;
    private Path log;
    private double goal = Double.POSITIVE_INFINITY;
    private boolean progress = true;
    private final List<Consumer<Trial>> trialListeners = new ArrayList<>();
    private Dataset train;
    private Dataset validation;
    private TrainingConfig training;

    public Builder space(SearchSpace space) {
      this.space = space;
      return this;
    }

    public Builder strategy(SearchStrategy strategy) {
      this.strategy = strategy;
      return this;
    }

    /**
     * Train each candidate on {@code train} with {@code training} (its epochs and seed come from
     * each trial), score it on {@code validation}.
     */
    public Builder data(Dataset train, Dataset validation, TrainingConfig training) {
      this.train = train;
      this.validation = validation;
      this.training = training;
      this.evaluator = null;
      return this;
    }

    /** Evaluate candidates with {@code evaluator} instead of {@link TrainingEvaluator}. */
    public Builder evaluator(TrialEvaluator evaluator) {
      this.evaluator = evaluator;
      this.train = null;
      return this;
    }

    /** When to stop (default 20 trials). */
    public Builder budget(Budget budget) {
      this.budget = budget;
      return this;
    }

    /** Seed of the strategy and of every trial (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Trials evaluated at once (default 1); also the batch size of proposals. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** Append every finished trial to this JSON-lines file, and resume from it if it has trials. */
    public Builder log(Path file) {
      this.log = file;
      return this;
    }

    /** Stop as soon as a trial reaches this validation accuracy ("good enough?"). */
    public Builder goal(double accuracy) {
      this.goal = accuracy;
      return this;
    }

    /** Show a live progress line (default true). */
    public Builder progress(boolean show) {
      this.progress = show;
      return this;
    }

    /** Called with each trial as it finishes (on the thread that runs the search). */
    public Builder onTrial(Consumer<Trial> listener) {
      trialListeners.add(listener);
      return this;
    }

    public Search build() {
      if (space == null || strategy == null) {
        throw new IllegalArgumentException(
            "a search needs .space(...) and .strategy(...); got space "
                + (space == null ? "unset" : "set")
                + ", strategy "
                + (strategy == null ? "unset" : strategy.name()));
      }
      if (evaluator == null && train != null) {
        evaluator = new TrainingEvaluator(space, train, validation, training);
      }
      if (evaluator == null) {
        throw new IllegalArgumentException(
            "a search needs data to train candidates on: .data(train, validation, TrainingConfig.defaults())");
      }
      if (budget == null) {
        throw new IllegalArgumentException("budget is null; e.g. .budget(Budget.trials(20))");
      }
      return new Search(this);
    }
  }
}
