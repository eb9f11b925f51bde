package io.argus.bench;

import io.argus.util.Clock;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Scrape ingestion, Argus against Prometheus, in one run: starts {@code argus demo} (by default 200
 * targets × 1,000 series) as a child process, then runs {@code argus server} (the fat jar, once
 * per set of JVM options) and Debian's {@code /usr/bin/prometheus}, one after the other, each
 * scraping every target every 2 s into an empty data directory for a warm-up and then a measured
 * window. For each it reports samples appended per second (from the server's own {@code
 * prometheus_tsdb_head_samples_appended_total}), CPU seconds per million samples (utime + stime
 * of the server process from {@code /proc/<pid>/stat} over the window) and resident memory per
 * head series ({@code VmRSS} from {@code /proc/<pid>/status} at the end of the window over {@code
 * prometheus_tsdb_head_series}). Linux only. See benchmarks/README.md for the options.
 */
public final class ScrapeBenchHarness {
  private static final Pattern FIRST_TARGET = Pattern.compile("\"targets\": \\[([^\\]]*)\\]");
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private final Path work;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** What one server did over the measured window. */
  record Measurement(
      String server,
      String options,
      double seconds,
      double samplesAppended,
      double cpuSeconds,
      double residentBytes,
      double headSeries,
      double demoCpuSeconds) {
    double samplesPerSecond() {
      return samplesAppended / seconds;
    }

    double cpuSecondsPerMillion() {
      return cpuSeconds / (samplesAppended / 1e6);
    }

    double bytesPerSeries() {
      return residentBytes / headSeries;
    }
  }

  private ScrapeBenchHarness(Path work, PrintStream out) {
    this.work = work;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Path work =
        args.length > 0
            ? Path.of(args[0])
            : Files.createTempDirectory("argus-scrape-bench");
    new ScrapeBenchHarness(work, System.out).run();
  }

  private void run() throws Exception {
    int targets = Integer.getInteger("bench.targets", 200);
    int series = Integer.getInteger("bench.series", 1000);
    String interval = System.getProperty("bench.interval", "2s");
    long warmupSeconds = Long.getLong("bench.warmupSeconds", 240);
    long measureSeconds = Long.getLong("bench.measureSeconds", 120);
    Path java =
        Path.of(
            System.getProperty(
                "bench.java", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    Path jar = Path.of(System.getProperty("bench.argusJar", "argus-app/target/argus.jar"));
    Path prometheus = Path.of(System.getProperty("bench.prometheus", "/usr/bin/prometheus"));
    // Sets of JVM options for argus server, separated by '|'; each is measured in turn.
    List<String> optionSets =
        Arrays.asList(System.getProperty("bench.argusJvmOptions", "").split("\\|", -1));
    List<String> order =
        Arrays.asList(System.getProperty("bench.order", "argus,prometheus").split(","));

    Files.createDirectories(work);
    out.printf(
        Locale.ROOT,
        "scrape bench: %d targets x %d series every %s; warm-up %d s, measured %d s per server;"
            + " work dir %s%n",
        targets, series, interval, warmupSeconds, measureSeconds, work);
    out.printf("load average at start: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());

    Path targetsFile = work.resolve("targets.json");
    Files.deleteIfExists(targetsFile);
    // demo: argus demo (~9 bytes per sample in a chunk); node: NodeExporterTargets (~2-3 bytes).
    String workload = System.getProperty("bench.workload", "demo");
    List<String> targetsCommand =
        switch (workload) {
          case "demo" ->
              List.of(
                  java.toString(),
                  "--enable-native-access=ALL-UNNAMED",
                  "-jar",
                  jar.toString(),
                  "demo",
                  "--targets=" + targets,
                  "--series=" + series,
                  "--listen-address=127.0.0.1:0",
                  "--targets.file=" + targetsFile);
          case "node" ->
              List.of(
                  java.toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  NodeExporterTargets.class.getName(),
                  Integer.toString(targets),
                  Integer.toString(series),
                  targetsFile.toString());
          default -> throw new IllegalArgumentException("bench.workload: demo or node");
        };
    out.printf("workload: %s%n", workload);
    Process demo =
        new ProcessBuilder(targetsCommand)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("demo.log").toFile())
            .start();
    List<Measurement> results = new ArrayList<>();
    try {
      String targetList = awaitTargets(demo, targetsFile);
      Path config = work.resolve("scrape.yml");
      Files.writeString(
          config,
          """
          global:
            scrape_interval: %s
            scrape_timeout: %s
          scrape_configs:
            - job_name: demo
              static_configs:
                - targets: [%s]
          """
              .formatted(interval, interval, targetList));
      for (String server : order) {
        switch (server.trim()) {
          case "argus" -> {
            for (String options : optionSets) {
              List<String> command = new ArrayList<>();
              command.add(java.toString());
              command.add("--enable-native-access=ALL-UNNAMED");
              for (String option : options.trim().split("\\s+")) {
                if (!option.isEmpty()) {
                  command.add(option);
                }
              }
              command.addAll(List.of("-jar", jar.toString(), "server"));
              results.add(
                  measure("argus", options.trim(), command, config, demo, warmupSeconds,
                      measureSeconds));
            }
          }
          case "prometheus" -> {
            if (!Files.isExecutable(prometheus)) {
              out.printf("%s not found: prometheus skipped%n", prometheus);
              continue;
            }
            results.add(
                measure("prometheus", "", List.of(prometheus.toString()), config, demo,
                    warmupSeconds, measureSeconds));
          }
          default -> throw new IllegalArgumentException("unknown server in bench.order: " + server);
        }
      }
    } finally {
      stop(demo);
    }
    report(results);
  }

  private String awaitTargets(Process demo, Path targetsFile) throws Exception {
    long deadline = Clock.SYSTEM.nanoTime() + START_TIMEOUT.toNanos();
    while (!Files.exists(targetsFile)) {
      if (!demo.isAlive() || Clock.SYSTEM.nanoTime() > deadline) {
        throw new IOException(
            "argus demo did not start; see " + work.resolve("demo.log"));
      }
      Thread.sleep(200);
    }
    Matcher m = FIRST_TARGET.matcher(Files.readString(targetsFile));
    if (!m.find()) {
      throw new IOException("unexpected targets file " + targetsFile);
    }
    return m.group(1);
  }

  private Measurement measure(
      String name,
      String options,
      List<String> baseCommand,
      Path config,
      Process demo,
      long warmupSeconds,
      long measureSeconds)
      throws Exception {
    int port = freePort();
    Path data = work.resolve(name + "-data");
    IngestHarness.deleteTree(data);
    Files.createDirectories(data);
    List<String> command = new ArrayList<>(baseCommand);
    command.add("--config.file=" + config);
    command.add("--storage.tsdb.path=" + data);
    command.add("--web.listen-address=127.0.0.1:" + port);
    out.printf("%n%s %s: starting%n", name, options.isEmpty() ? "(default options)" : options);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve(name + ".log").toFile())
            .start();
    String metricsUrl = "http://127.0.0.1:" + port + "/metrics";
    try {
      awaitReady(process, metricsUrl);
      Thread.sleep(warmupSeconds * 1000);
      long start = Clock.SYSTEM.nanoTime();
      double appended0 = sum(fetch(metricsUrl), "prometheus_tsdb_head_samples_appended_total");
      long cpu0 = cpuTicks(process.pid());
      long demoCpu0 = cpuTicks(demo.pid());
      Map<String, Long> threads0 = threadTicks(process.pid());
      long end = start + measureSeconds * 1_000_000_000L;
      while (Clock.SYSTEM.nanoTime() < end) {
        if (!process.isAlive()) {
          throw new IOException(name + " exited during the run; see its log in " + work);
        }
        Thread.sleep(Math.min(5_000, Math.max(1, (end - Clock.SYSTEM.nanoTime()) / 1_000_000)));
      }
      long cpu1 = cpuTicks(process.pid());
      long demoCpu1 = cpuTicks(demo.pid());
      Map<String, Long> threads1 = threadTicks(process.pid());
      String metrics = fetch(metricsUrl);
      double seconds = (Clock.SYSTEM.nanoTime() - start) / 1e9;
      double appended1 = sum(metrics, "prometheus_tsdb_head_samples_appended_total");
      double headSeries = sum(metrics, "prometheus_tsdb_head_series");
      double resident = residentBytes(process.pid());
      Measurement m =
          new Measurement(
              name,
              options,
              seconds,
              appended1 - appended0,
              (cpu1 - cpu0) / (double) CLOCK_TICKS_PER_SECOND,
              resident,
              headSeries,
              (demoCpu1 - demoCpu0) / (double) CLOCK_TICKS_PER_SECOND);
      out.printf(
          Locale.ROOT,
          "%s: %.0f samples/s, %.3f CPU-s per 1M samples, %.0f head series, %.0f MB RSS"
              + " (%.0f B/series); load average %s%n",
          name,
          m.samplesPerSecond(),
          m.cpuSecondsPerMillion(),
          headSeries,
          resident / 1e6,
          m.bytesPerSeries(),
          Files.readString(Path.of("/proc/loadavg")).trim());
      printThreadShares(threads0, threads1, cpu1 - cpu0);
      return m;
    } finally {
      stop(process);
    }
  }

  private void awaitReady(Process process, String metricsUrl) throws Exception {
    long deadline = Clock.SYSTEM.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IOException("server exited at start; see its log in " + work);
      }
      try {
        if (fetch(metricsUrl).contains("prometheus_tsdb_head_series")) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      if (Clock.SYSTEM.nanoTime() > deadline) {
        throw new IOException("server did not become ready in " + START_TIMEOUT);
      }
      Thread.sleep(250);
    }
  }

  private void report(List<Measurement> results) {
    out.printf("%n| server | JVM options | samples/s | CPU-s per 1M samples | samples per CPU-s"
        + " | head series | RSS MB | RSS B/series | demo CPU-s/s |%n");
    out.printf("|---|---|---|---|---|---|---|---|---|%n");
    for (Measurement m : results) {
      out.printf(
          Locale.ROOT,
          "| %s | %s | %.0f | %.3f | %.0f | %.0f | %.0f | %.0f | %.2f |%n",
          m.server(),
          m.options().isEmpty() ? "-" : m.options(),
          m.samplesPerSecond(),
          m.cpuSecondsPerMillion(),
          m.samplesAppended() / m.cpuSeconds(),
          m.headSeries(),
          m.residentBytes() / 1e6,
          m.bytesPerSeries(),
          m.demoCpuSeconds() / m.seconds());
    }
    Measurement prometheus =
        results.stream().filter(m -> m.server().equals("prometheus")).findFirst().orElse(null);
    if (prometheus != null) {
      double base = prometheus.samplesAppended() / prometheus.cpuSeconds();
      for (Measurement m : results) {
        if (m != prometheus) {
          out.printf(
              Locale.ROOT,
              "argus %s: %.2fx prometheus' samples per CPU-second; %.2fx its RSS per series%n",
              m.options().isEmpty() ? "(default options)" : m.options(),
              m.samplesAppended() / m.cpuSeconds() / base,
              m.bytesPerSeries() / prometheus.bytesPerSeries());
        }
      }
    }
  }

  private String fetch(String url) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The sum over every series of the metric {@code name} in a text exposition. */
  static double sum(String exposition, String name) {
    double total = 0;
    boolean found = false;
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name)
          && line.length() > name.length()
          && (line.charAt(name.length()) == ' ' || line.charAt(name.length()) == '{')) {
        String[] fields = line.substring(line.lastIndexOf('}') + 1).trim().split("\\s+");
        if (line.charAt(name.length()) == ' ') {
          fields = line.substring(name.length()).trim().split("\\s+");
        }
        total += Double.parseDouble(fields[0]);
        found = true;
      }
    }
    if (!found) {
      throw new IllegalStateException("metric " + name + " not exposed");
    }
    return total;
  }

  /** utime + stime of a process in clock ticks (fields 14 and 15 of /proc/pid/stat). */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name (field 2) may hold spaces; fields after it start past its ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /**
   * CPU ticks per thread kind of a process: threads' names with digits removed ({@code C2
   * CompilerThread}, {@code G1 Conc#}, {@code ForkJoinPool-#-worker-#}), summed over live threads.
   */
  static Map<String, Long> threadTicks(long pid) throws IOException {
    Map<String, Long> ticks = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long t = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        ticks.merge(name.replaceAll("[0-9]+", "#"), t, Long::sum);
      }
    }
    return ticks;
  }

  private void printThreadShares(Map<String, Long> before, Map<String, Long> after, long total) {
    if (total <= 0) {
      return;
    }
    List<Map.Entry<String, Long>> deltas = new ArrayList<>();
    for (Map.Entry<String, Long> e : after.entrySet()) {
      deltas.add(Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)));
    }
    deltas.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    StringBuilder line = new StringBuilder("  CPU by thread kind:");
    for (int i = 0; i < Math.min(8, deltas.size()); i++) {
      line.append(
          String.format(
              Locale.ROOT,
              " %s %.0f%%",
              deltas.get(i).getKey(),
              100.0 * deltas.get(i).getValue() / total));
    }
    out.println(line);
  }

  /** VmRSS of a process in bytes. */
  static double residentBytes(long pid) throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
      }
    }
    throw new IOException("no VmRSS for pid " + pid);
  }

  private static void stop(Process process) throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
