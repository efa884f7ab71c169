package io.github.compressionlab.kernel;

import io.github.compressionlab.Lab;
import io.github.compressionlab.jupyter.DefaultImports;
import io.github.compressionlab.jupyter.DisplayProgressSink;
import io.github.compressionlab.jupyter.Renderers;
import io.github.compressionlab.nn.ProgressSink;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;

/**
 * The Compression Lab Jupyter kernel: Java cells evaluated by JShell in this JVM, rendered to
 * static MIME bundles, with IJava's magics plus {@code %time}.
 *
 * <p>Start: {@code java ... io.github.compressionlab.kernel.LabKernel <connection-file>}. The
 * messaging (ZeroMQ, signatures, replies) is jjava-jupyter's; evaluation, rendering, magics and
 * interrupts are this package's. JShell is created and warmed on a background thread at start, so
 * the first cell only waits for what is left of that.
 */
public final class LabKernel extends BaseKernel {

  /** How long an interrupted cell gets to notice {@link Thread#interrupt()} before a hard stop. */
  static final long INTERRUPT_GRACE_MILLIS = Long.getLong("lab.kernel.interruptGraceMillis", 1000);

  private static final long STREAM_FLUSH_MILLIS = 50;

  private final CompletableFuture<JShellEvaluator> evaluator;
  private final CellMagics magics;
  private final PrintStream kernelErr = KERNEL_ERR;
  private final ScheduledExecutorService flusher =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "lab-stream-flusher");
            t.setDaemon(true);
            return t;
          });
  private final java.util.concurrent.CountDownLatch firstCellDone =
      new java.util.concurrent.CountDownLatch(1);
  private volatile ShellReplyEnvironment env;
  private volatile CellOutputStream cellOut;
  private volatile CellOutputStream cellErr;
  private final WidgetBridge widgets;

  /** The comm manager the front ends' comm messages go to (tests feed it messages). */
  LabCommManager comms() {
    return (LabCommManager) commManager;
  }

  /**
   * A kernel whose evaluator is being started by {@code evaluator} (begun as early as possible).
   */
  LabKernel(CompletableFuture<JShellEvaluator> evaluator) {
    super(
        "compression-lab",
        version(),
        new LanguageInfo.Builder("java")
            .version(Runtime.version().toString())
            .mimetype("text/x-java-source")
            .fileExtension(".jshell")
            .pygments("java")
            .codemirror("text/x-java")
            .build(),
        List.of(),
        null,
        new JupyterIO(StandardCharsets.UTF_8),
        new LabCommManager(),
        new Renderer(),
        null,
        new MagicsRegistry(),
        false,
        new StringStyler.Builder()
            .addPrimaryStyle(TextColor.BOLD_RESET_FG)
            .addSecondaryStyle(TextColor.BOLD_RED_FG)
            .addHighlightStyle(TextColor.BOLD_RESET_FG)
            .build());
    Renderers.registerAll(renderer);
    this.widgets = new WidgetBridge(this, (LabCommManager) commManager, renderer);
    widgets.install(); // before any message: the shell answers before onStartup runs
    this.magics = new CellMagics(this);
    this.magics.registerAll(magicsRegistry);
    this.evaluator = evaluator;
    flusher.scheduleWithFixedDelay(
        this::flushStreams, STREAM_FLUSH_MILLIS, STREAM_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The kernel running this notebook; fails outside a notebook. */
  public static LabKernel current() {
    return (LabKernel) BaseKernel.notebookKernel();
  }

  /** True inside a running notebook kernel. */
  public static boolean isRunning() {
    return BaseKernel.notebookKernel instanceof LabKernel;
  }

  private static String version() {
    return Lab.version();
  }

  private static java.util.concurrent.Executor daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      t.start();
    };
  }

  /** Creates JShell with the JVM's class path and the default imports, and warms its compiler. */
  static JShellEvaluator startEvaluator() {
    long t0 = System.nanoTime();
    JShellEvaluator e = new JShellEvaluator();
    e.addToClasspath(System.getProperty("java.class.path"));
    trace("jshell created", t0);
    e.eval(String.join("\n", DefaultImports.statements(LabKernel.class.getClassLoader())));
    trace("default imports", t0);
    e.eval("1 + 1");
    trace("first expression", t0);
    return e;
  }

  private static final boolean TRACE = Boolean.getBoolean("lab.kernel.trace");

  /** The process's stderr (the Jupyter server's log), before cells replace System.err. */
  static final PrintStream KERNEL_ERR = System.err;

  /** With -Dlab.kernel.trace=true, start-up phases are timed on the kernel's stderr. */
  static void trace(String what, long sinceNanos) {
    if (TRACE) {
      KERNEL_ERR.printf(
          "[lab-kernel] %s after %.0f ms (JVM up %d ms, process CPU %.0f ms)%n",
          what,
          (System.nanoTime() - sinceNanos) / 1e6,
          java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(),
          ((com.sun.management.OperatingSystemMXBean)
                      java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                  .getProcessCpuTime()
              / 1e6);
    }
  }

  /** The evaluator, waiting for start-up to finish if needed. */
  public JShellEvaluator evaluator() {
    return evaluator.join();
  }

  @Override
  public void onStartup() {
    super.onStartup();
    ProgressSink.setFactory(
        () ->
            new DisplayProgressSink(
                new DisplayProgressSink.Target() {
                  @Override
                  public void show(DisplayData data) {
                    display(data);
                  }

                  @Override
                  public void update(String displayId, DisplayData data) {
                    updateDisplay(displayId, data);
                  }
                }));
    String warm = System.getProperty("lab.kernel.warmNd4j", System.getenv("LAB_KERNEL_WARM_ND4J"));
    if (!"false".equalsIgnoreCase(warm)) {
      // Load ND4J's native backend in the background so the first ND4J cell is quick; after
      // the first cell (or a few idle seconds), so it does not slow the kernel's start.
      evaluator.thenRunAsync(
          () -> {
            try {
              firstCellDone.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              return;
            }
            warmNd4j();
          },
          daemon("lab-warmup-nd4j"));
    }
  }

  private static void warmNd4j() {
    try {
      Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
      org.nd4j.linalg.factory.Nd4j.scalar(1f).addi(1f);
    } catch (Throwable t) {
      // A cell that uses ND4J will report the problem where the user sees it.
    }
  }

  // ---------------------------------------------------------------- execution

  @Override
  protected synchronized void handleExecuteRequest(
      ShellReplyEnvironment env, Message<ExecuteRequest> message) {
    commManager.setMessageContext(message);
    ExecuteRequest request = message.getContent();
    int count = request.isSilent() ? executionCount.get() : executionCount.getAndIncrement();
    env.setBusyDeferIdle();
    env.publish(new PublishExecuteInput(request.getCode(), count));

    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    InputStream oldIn = System.in;
    CellOutputStream out =
        new CellOutputStream(
            s -> env.publish(new PublishStream(PublishStream.StreamType.OUT, s)), MAX_CELL_OUTPUT);
    CellOutputStream err =
        new CellOutputStream(
            s -> env.publish(new PublishStream(PublishStream.StreamType.ERR, s)), MAX_CELL_OUTPUT);
    this.env = env;
    this.cellOut = out;
    this.cellErr = err;
    System.setOut(new PrintStream(out, false, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, false, StandardCharsets.UTF_8));
    System.setIn(new CellInputStream(env, request.isStdinEnabled()));
    try {
      Object value = magics.runCell(request.getCode());
      System.out.flush();
      System.err.flush();
      out.finish();
      err.finish();
      if (value != JShellEvaluator.NO_VALUE && value != null && !request.isSilent()) {
        env.publish(new PublishExecuteResult(count, render(value)));
      }
      env.defer().reply(new ExecuteReply(count, java.util.Map.of()));
    } catch (Throwable t) {
      System.out.flush();
      System.err.flush();
      out.finish();
      err.finish();
      Throwable shown = t instanceof UserCodeException && t.getCause() != null ? t.getCause() : t;
      String name = shown.getClass().getSimpleName();
      String text = shown.getMessage() == null ? "" : shown.getMessage();
      List<String> traceback = new java.util.ArrayList<>(formatError(t));
      if (shown instanceof OutOfMemoryError) {
        traceback.add(outOfMemoryAdvice());
      }
      env.publish(new PublishError(name, text, traceback));
      ErrorReply error = new ErrorReply(name, text, traceback);
      error.setExecutionCount(count);
      env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), error);
    } finally {
      firstCellDone.countDown();
      this.cellOut = null;
      this.cellErr = null;
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
  }

  /**
   * Bound of one cell's stdout and of its stderr: {@code LAB_KERNEL_MAX_OUTPUT} bytes or 16 MiB.
   */
  static final long MAX_CELL_OUTPUT = maxCellOutput();

  private static long maxCellOutput() {
    String v = System.getenv("LAB_KERNEL_MAX_OUTPUT");
    try {
      return v == null || v.isBlank() ? CellOutputStream.DEFAULT_LIMIT : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return CellOutputStream.DEFAULT_LIMIT;
    }
  }

  /** What a cell that ran out of memory is told: the kernel lives on, and what to do. */
  private static String outOfMemoryAdvice() {
    Runtime r = Runtime.getRuntime();
    return String.format(
        java.util.Locale.ROOT,
        "The kernel is still running: its heap (%,d MiB) or ND4J's memory bound was full."
            + " Variables that hold large objects keep it full; set them to null (or restart the"
            + " kernel). A larger heap: LAB_KERNEL_XMX=2g kernel/install --sys-prefix.",
        r.maxMemory() >> 20);
  }

  private void flushStreams() {
    CellOutputStream o = cellOut;
    CellOutputStream e = cellErr;
    try {
      if (o != null) {
        o.flushIfDue();
      }
      if (e != null) {
        e.flushIfDue();
      }
    } catch (RuntimeException ex) {
      kernelErr.println("[lab-kernel] could not send output: " + ex);
    }
  }

  @Override
  public Object evalRaw(String source) {
    Object v = evaluator().eval(source);
    return v == JShellEvaluator.NO_VALUE ? null : v;
  }

  @Override
  public List<String> formatError(Throwable e) {
    return ErrorFormat.lines(e, errorStyler);
  }

  @Override
  public void interrupt() {
    widgets.interrupt();
    if (evaluator.isDone()) {
      evaluator.join().interrupt(INTERRUPT_GRACE_MILLIS);
    }
  }

  // ---------------------------------------------------------------- display

  @Override
  public void display(DisplayData data) {
    if (widgets.display(data)) {
      return; // a widget callback's output goes to its Output widget
    }
    ShellReplyEnvironment e = env;
    if (e != null) {
      flushStreams(); // keep printed text and displays in the order the cell made them
      e.publish(new PublishDisplayData(data));
    }
  }

  /** Renders {@code value} into a new display and returns the display's id. */
  public String display(Object value, String... mimeTypes) {
    DisplayData data = render(value, mimeTypes);
    String id = data.hasDisplayId() ? data.getDisplayId() : UUID.randomUUID().toString();
    data.setDisplayId(id);
    display(data);
    return id;
  }

  /** Replaces the contents of display {@code id} with {@code value}. */
  public void updateDisplay(String id, Object value, String... mimeTypes) {
    DisplayData data = render(value, mimeTypes);
    data.setDisplayId(id);
    if (widgets.updateDisplay(id, data)) {
      return;
    }
    ShellReplyEnvironment e = env;
    if (e != null) {
      e.publish(new PublishUpdateDisplayData(data));
    }
  }

  /** Renders {@code value} to a MIME bundle, as the given types if any are given. */
  public DisplayData render(Object value, String... mimeTypes) {
    if (value instanceof DisplayData d) {
      return d;
    }
    if (mimeTypes.length > 0) {
      return renderer.renderAs(value, mimeTypes);
    }
    return renderer.render(value);
  }

  @Override
  protected void handleKernelInfoRequest(
      ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
    env.setBusyDeferIdle();
    env.reply(
        new KernelInfo(
            Header.PROTOCOL_VERISON,
            name,
            version,
            getLanguageInfo(),
            getBanner(),
            getHelpLinks()));
  }

  // ---------------------------------------------------------------- analysis

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    at = Math.max(0, Math.min(at, code.length()));
    String doc = evaluator().documentation(code, at, extraDetail);
    return doc == null ? null : new DisplayData(doc);
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    at = Math.max(0, Math.min(at, code.length()));
    JShellEvaluator.Completions c = evaluator().complete(code, at);
    List<String> candidates = new ArrayList<>(c.candidates());
    if (code.startsWith("%", Math.max(0, c.start() - 1)) || candidates.isEmpty()) {
      candidates.addAll(magics.complete(code, at));
    }
    return new ReplacementOptions(candidates, c.start(), c.end());
  }

  @Override
  public String isComplete(String code) {
    if (code.stripLeading().startsWith("%")) {
      return IS_COMPLETE_YES; // magics are one line, or a whole cell
    }
    switch (evaluator().isComplete(code)) {
      case COMPLETE:
        return IS_COMPLETE_YES;
      case INCOMPLETE:
        return "    ";
      default:
        return IS_COMPLETE_BAD;
    }
  }

  @Override
  public void onShutdown(boolean isRestarting) {
    ProgressSink.setFactory(null);
    widgets.uninstall();
    super.onShutdown(isRestarting);
    flusher.shutdownNow();
    if (evaluator.isDone()) {
      evaluator.join().close();
    }
  }

  // ---------------------------------------------------------------- main

  /**
   * Runs the start-up work once and exits: kernel/install runs this with -XX:ArchiveClassesAtExit
   * to write a class-data-sharing archive, so later starts load JShell's and javac's classes from
   * it.
   */
  static void warmupAndExit() throws Exception {
    JShellEvaluator e = startEvaluator();
    e.eval("var warmupTable = tech.tablesaw.api.Table.create(\"t\");");
    e.complete("Math.ma", 7);
    e.isComplete("for (int i = 0; i < 3; i++) {");
    Renderer r = new Renderer();
    Renderers.registerAll(r);
    r.render("text");
    warmNd4j();
    e.close();
    System.exit(0);
  }

  /** Starts the kernel on the connection file Jupyter passes as the only argument. */
  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--warmup")) {
      warmupAndExit();
      return;
    }
    if (args.length != 1) {
      System.err.println(
          "usage: java io.github.compressionlab.kernel.LabKernel <connection-file>\n"
              + "Jupyter starts the kernel this way; install it with kernel/install.");
      System.exit(2);
    }
    // JShell's start-up is the long pole: begin it before anything else.
    CompletableFuture<JShellEvaluator> evaluator =
        CompletableFuture.supplyAsync(LabKernel::startEvaluator, daemon("lab-warmup"));
    Path file = Path.of(args[0]);
    KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(file));
    JupyterConnection connection = new JupyterConnection(props);
    ConnectionGuard.shortenPolling(connection);
    LabKernel kernel = new LabKernel(evaluator);
    kernel.becomeHandlerForConnection(connection);
    kernel.widgets.attach(connection);
    connection.connect();
    ConnectionGuard.install(connection, kernel.kernelErr);
    kernel.onStartup();
    connection.waitUntilClose();
    System.exit(0);
  }
}
