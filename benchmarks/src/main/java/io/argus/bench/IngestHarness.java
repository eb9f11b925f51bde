package io.argus.bench;

import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.tsdb.chunks.HeadChunkFiles;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.head.Head;
import io.argus.tsdb.head.HeadOptions;
import io.argus.tsdb.tool.BlocksFromOpenMetrics;
import io.argus.tsdb.wal.Wal;
import io.argus.tsdb.wal.WalOptions;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * End-to-end ingest figures for Argus and, where measurable, Prometheus (not JMH; see
 * benchmarks/README.md):
 *
 * <ol>
 *   <li>backfill: the same generated OpenMetrics file through {@code BlocksFromOpenMetrics} and
 *       {@code promtool tsdb create-blocks-from openmetrics}; wall time, samples/s and on-disk
 *       bytes per sample of the resulting blocks;
 *   <li>head append rate (single thread) and head heap bytes per active series, measured as heap
 *       used after GC before and after loading N series;
 *   <li>WAL replay of 1M series-samples: Argus' head init versus Prometheus' own replay of the same
 *       WAL directory (Prometheus reads our WAL format), taken from its {@code WAL replay
 *       completed} log line.
 * </ol>
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.argus.bench.IngestHarness [workDir]}. Prints a
 * plain-text report to stdout. The harness is a command-line program, so it prints to stdout and
 * measures wall time directly.
 */
public final class IngestHarness {
  private static final Path PROMTOOL =
      Path.of(System.getProperty("harness.promtool", "/usr/bin/promtool"));
  private static final Path PROMETHEUS =
      Path.of(System.getProperty("harness.prometheus", "/usr/bin/prometheus"));
  private static final long TWO_HOURS_MS = 7_200_000L;

  /** A 2 h-aligned start (seconds) so that 120 samples a minute apart fill exactly one block. */
  private static final long START_SECONDS = 1_700_006_400L;

  private final Path work;
  private final PrintStream out;

  private IngestHarness(Path work, PrintStream out) {
    this.work = work;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Path work =
        args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("argus-ingest-harness");
    Files.createDirectories(work);
    IngestHarness harness = new IngestHarness(work, System.out);
    String replayOnly = System.getProperty("harness.replayOnly");
    if (replayOnly != null) {
      harness.replayOnce(Path.of(replayOnly));
      System.out.flush();
      return;
    }
    String steps = System.getProperty("harness.steps", "backfill,head,replay");
    if (steps.contains("backfill")) {
      harness.backfill(100, 100, 120);
    }
    if (steps.contains("head")) {
      harness.headMemory(
          Integer.getInteger("harness.headSeries", 203_000),
          Integer.getInteger("harness.headSamples", 480));
    }
    if (steps.contains("replay")) {
      for (String shape :
          System.getProperty("harness.replayShapes", "10000x100,200000x10").split(",")) {
        String[] parts = shape.trim().split("x");
        harness.walReplay(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
      }
    }
    System.out.flush();
  }

  // ------------------------------------------------------------------ backfill

  private void backfill(int families, int seriesPerFamily, int samples) throws Exception {
    OpenMetricsGenerator generator =
        new OpenMetricsGenerator(families, seriesPerFamily, samples, START_SECONDS, 60);
    Path input = work.resolve("input.om");
    generator.writeTo(input);
    long sampleCount = generator.sampleCount();
    out.printf(
        Locale.ROOT,
        "== backfill: %d series x %d samples = %d samples, input %.1f MiB%n",
        generator.seriesCount(),
        samples,
        sampleCount,
        Files.size(input) / 1048576.0);

    Path argusOut = work.resolve("blocks-argus");
    deleteTree(argusOut);
    long start = Clock.SYSTEM.nanoTime();
    BlocksFromOpenMetrics.run(
        input, argusOut, TWO_HOURS_MS, false, new PrintWriter(Writer.nullWriter()));
    long argusNanos = Clock.SYSTEM.nanoTime() - start;
    report("argus", sampleCount, argusNanos, treeSize(argusOut));

    if (Files.isExecutable(PROMTOOL)) {
      Path promOut = work.resolve("blocks-promtool");
      deleteTree(promOut);
      start = Clock.SYSTEM.nanoTime();
      Process p =
          new ProcessBuilder(
                  PROMTOOL.toString(),
                  "tsdb",
                  "create-blocks-from",
                  "openmetrics",
                  "--quiet",
                  input.toString(),
                  promOut.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      int rc = p.waitFor();
      long promNanos = Clock.SYSTEM.nanoTime() - start;
      if (rc != 0) {
        out.println("promtool failed with exit code " + rc);
      } else {
        report("promtool", sampleCount, promNanos, treeSize(promOut));
      }
    } else {
      out.println("promtool: not installed, skipped");
    }
  }

  private void report(String who, long samples, long nanos, long bytes) {
    out.printf(
        Locale.ROOT,
        "%-9s %8.0f ms  %,12.0f samples/s  %,d bytes on disk  %.3f bytes/sample%n",
        who,
        nanos / 1e6,
        samples / (nanos / 1e9),
        bytes,
        (double) bytes / samples);
  }

  // ------------------------------------------------------------------ head memory + append

  /**
   * Loads {@code seriesCount} node-exporter-like series with {@code samplesPerSeries} scrapes 15 s
   * apart into a head with a snappy WAL, one batch per scrape on one thread, then reports the
   * append rate and the retained heap per active series (see {@link #retainedHeap()}); labels are
   * built anew per series as a scrape parser would, so the figure includes whatever label strings
   * the head keeps. Then Prometheus replays the same WAL and its heap per series is reported.
   */
  private void headMemory(int seriesCount, int samplesPerSeries) throws Exception {
    out.printf(
        Locale.ROOT,
        "== head: %d active series (node-exporter-like labels) x %d samples 15 s apart,"
            + " WAL on, single thread%n",
        seriesCount,
        samplesPerSeries);
    NodeExporterWorkload workload = new NodeExporterWorkload(seriesCount);
    long[] refs = new long[seriesCount];
    Path data = work.resolve("head-data");
    deleteTree(data);
    WalOptions walOptions =
        WalOptions.defaults().withCompression(io.argus.tsdb.wal.WalCompression.SNAPPY);
    long before = retainedHeap();
    Wal wal = Wal.open(FileOps.defaults(), data.resolve("wal"), walOptions, Clock.SYSTEM);
    Head head =
        new Head(
            HeadOptions.DEFAULTS,
            Clock.SYSTEM,
            wal,
            HeadChunkFiles.open(FileOps.defaults(), data.resolve("chunks_head")),
            FileOps.defaults(),
            new PrometheusRegistry());
    head.init(Long.MIN_VALUE);
    // Fixed phase within the 2 h chunk range, so that chunk cuts do not depend on the time of day:
    // the last sample lands 30 min into the current range.
    long t0 =
        Clock.SYSTEM.millis() / TWO_HOURS_MS * TWO_HOURS_MS
            + 1_800_000L
            - samplesPerSeries * 15_000L;
    long start = Clock.SYSTEM.nanoTime();
    Appender app = head.appender();
    for (int i = 0; i < seriesCount; i++) {
      refs[i] = app.append(0, workload.labels(i), t0, workload.next(i));
    }
    app.commit();
    long createNanos = Clock.SYSTEM.nanoTime() - start;
    start = Clock.SYSTEM.nanoTime();
    for (int r = 1; r < samplesPerSeries; r++) {
      app = head.appender();
      long t = t0 + r * 15_000L;
      for (int i = 0; i < seriesCount; i++) {
        app.append(refs[i], Labels.EMPTY, t, workload.next(i));
      }
      app.commit();
    }
    long appendNanos = Clock.SYSTEM.nanoTime() - start;
    long after = retainedHeap();
    out.printf(
        Locale.ROOT,
        "argus     series creation (first scrape): %,.0f series/s%n",
        seriesCount / (createNanos / 1e9));
    out.printf(
        Locale.ROOT,
        "argus     append to existing series incl. WAL: %,.0f samples/s (1 core)%n",
        (double) seriesCount * (samplesPerSeries - 1) / (appendNanos / 1e9));
    out.printf(
        Locale.ROOT,
        "argus     head bytes per active series: %.0f (retained heap after GC; labels, postings,"
            + " open chunks, refs of full chunks in chunks_head/); %d chunks, estimate %.0f%n",
        (double) (after - before) / seriesCount,
        head.numChunks(),
        (double) head.estimateMemoryBytes() / seriesCount);
    if (Boolean.getBoolean("harness.histogram")) {
      printHistogram();
    }
    head.close();
    out.printf(
        Locale.ROOT,
        "wal size: %,d bytes; chunks_head size: %,d bytes%n",
        treeSize(data.resolve("wal")),
        treeSize(data.resolve("chunks_head")));
    if (!"false".equals(System.getProperty("harness.headRestart"))) {
      restartHead(data, walOptions);
    }
    if (Files.isExecutable(PROMETHEUS)) {
      PrometheusReplay.measure(PROMETHEUS, work, data, out, samplesPerSeries);
    } else {
      out.println("prometheus: not installed, skipped");
    }
  }

  /**
   * Reopens the head of {@code data} as a restart does: loads the full chunks of chunks_head/,
   * then replays the WAL, skipping the samples those chunks hold.
   */
  private void restartHead(Path data, WalOptions walOptions) throws IOException {
    long start = Clock.SYSTEM.nanoTime();
    Wal reopened = Wal.open(FileOps.defaults(), data.resolve("wal"), walOptions, Clock.SYSTEM);
    Head head =
        new Head(
            HeadOptions.DEFAULTS,
            Clock.SYSTEM,
            reopened,
            HeadChunkFiles.open(FileOps.defaults(), data.resolve("chunks_head")),
            FileOps.defaults(),
            new PrometheusRegistry());
    head.init(Long.MIN_VALUE);
    long nanos = Clock.SYSTEM.nanoTime() - start;
    out.printf(
        Locale.ROOT,
        "argus     restart (chunks_head + WAL replay): %.0f ms, %d series, %d chunks%n",
        nanos / 1e6,
        head.numSeries(),
        head.numChunks());
    head.close();
  }

  /** Prints the top of this JVM's class histogram (live objects), from the JDK's jcmd. */
  private void printHistogram() throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(
                jcmd.toString(), Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    try (var lines = p.inputReader().lines()) {
      lines.limit(25).forEach(out::println);
    }
    p.waitFor();
  }

  /**
   * Returns the heap in use after full collections: {@code System.gc()} (a full, compacting
   * collection with the default G1 unless {@code -XX:+ExplicitGCInvokesConcurrent} is set) is
   * repeated until the used heap changes by less than 256 KiB between two collections (at most
   * ten times), so only reachable objects remain.
   */
  static long retainedHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long prev = memory.getHeapMemoryUsage().getUsed();
    for (int i = 0; i < 10; i++) {
      System.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(used - prev) < 256 * 1024) {
        return used;
      }
      prev = used;
    }
    return prev;
  }

  // ------------------------------------------------------------------ WAL replay

  private void walReplay(int seriesCount, int samplesPerSeries) throws Exception {
    long total = (long) seriesCount * samplesPerSeries;
    out.printf(
        Locale.ROOT,
        "== wal replay: %d series x %d samples = %d series-samples (snappy)%n",
        seriesCount,
        samplesPerSeries,
        total);
    Path data = work.resolve("wal-data-" + seriesCount + "x" + samplesPerSeries);
    deleteTree(data);
    Path walDir = data.resolve("wal");
    WalOptions walOptions =
        WalOptions.defaults().withCompression(io.argus.tsdb.wal.WalCompression.SNAPPY);
    long now = Clock.SYSTEM.millis();
    long t0 = now - samplesPerSeries * 15_000L;
    Labels[] labels = new Labels[seriesCount];
    for (int i = 0; i < seriesCount; i++) {
      labels[i] = Labels.of("__name__", "replay_metric_" + (i % 50), "id", Integer.toString(i));
    }
    Wal wal = Wal.open(FileOps.defaults(), walDir, walOptions, Clock.SYSTEM);
    Head writer = new Head(HeadOptions.DEFAULTS, Clock.SYSTEM, wal, new PrometheusRegistry());
    writer.init(Long.MIN_VALUE);
    long[] refs = new long[seriesCount];
    for (int r = 0; r < samplesPerSeries; r++) {
      Appender app = writer.appender();
      for (int i = 0; i < seriesCount; i++) {
        refs[i] = app.append(refs[i], labels[i], t0 + r * 15_000L, r * 1.5 + i);
      }
      app.commit();
    }
    writer.close();
    out.printf(Locale.ROOT, "wal size: %,d bytes%n", treeSize(walDir));

    Path promData = work.resolve("wal-data-prometheus-" + seriesCount + "x" + samplesPerSeries);
    deleteTree(promData);
    copyTree(data, promData);

    for (int attempt = 1; attempt <= 3; attempt++) {
      long start = Clock.SYSTEM.nanoTime();
      Wal reopened = Wal.open(FileOps.defaults(), walDir, walOptions, Clock.SYSTEM);
      Head head = new Head(HeadOptions.DEFAULTS, Clock.SYSTEM, reopened, new PrometheusRegistry());
      head.init(Long.MIN_VALUE);
      long nanos = Clock.SYSTEM.nanoTime() - start;
      out.printf(
          Locale.ROOT,
          "argus     replay #%d: %.0f ms (%d series restored)%n",
          attempt,
          nanos / 1e6,
          head.numSeries());
      head.close();
    }
    if (Files.isExecutable(PROMETHEUS)) {
      PrometheusReplay.measure(PROMETHEUS, work, promData, out, samplesPerSeries);
    } else {
      out.println("prometheus: not installed, skipped");
    }
  }

  /**
   * Replays the WAL of an existing data directory once into a fresh head: run in a new JVM, this
   * is the startup cost including JIT warm-up, comparable to Prometheus' logged replay time.
   */
  private void replayOnce(Path data) throws Exception {
    WalOptions walOptions =
        WalOptions.defaults().withCompression(io.argus.tsdb.wal.WalCompression.SNAPPY);
    long start = Clock.SYSTEM.nanoTime();
    Wal reopened = Wal.open(FileOps.defaults(), data.resolve("wal"), walOptions, Clock.SYSTEM);
    Head head = new Head(HeadOptions.DEFAULTS, Clock.SYSTEM, reopened, new PrometheusRegistry());
    long opened = Clock.SYSTEM.nanoTime();
    head.init(Long.MIN_VALUE);
    long end = Clock.SYSTEM.nanoTime();
    out.printf(
        Locale.ROOT,
        "argus     fresh-jvm replay: %.0f ms (open %.0f ms, replay %.0f ms; %d series restored)%n",
        (end - start) / 1e6,
        (opened - start) / 1e6,
        (end - opened) / 1e6,
        head.numSeries());
    head.close();
  }

  // ------------------------------------------------------------------ files

  static long treeSize(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      long sum = 0;
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p)) {
          sum += Files.size(p);
        }
      }
      return sum;
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.forEach(paths::add);
    }
    for (int i = paths.size() - 1; i >= 0; i--) {
      Files.delete(paths.get(i));
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
