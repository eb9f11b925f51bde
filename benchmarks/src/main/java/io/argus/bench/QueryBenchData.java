package io.argus.bench;

import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.tsdb.block.BlockMeta;
import io.argus.tsdb.block.PersistedBlock;
import io.argus.tsdb.block.Ulid;
import io.argus.tsdb.compact.BlockWriter;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.head.Head;
import io.argus.tsdb.head.HeadOptions;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The data set of the range-query benchmarks: one block of 10k series over 6 h scraped every 15 s
 * (1440 samples per series, 14.4M samples). 8000 counters {@code x{job, instance}} (10 jobs, 800
 * instances) and 2000 classic-histogram buckets {@code h_bucket{job, instance, le}} (200
 * instances, 10 buckets). Deterministic: the same seed gives the same samples.
 */
final class QueryBenchData {
  /** First sample time: a 2 h-aligned Unix ms timestamp. */
  static final long START_MS = 1_699_999_200_000L;

  static final long STEP_MS = 15_000;
  static final long SPAN_MS = 6 * 3_600_000L;
  static final int SAMPLES_PER_SERIES = (int) (SPAN_MS / STEP_MS);
  static final int COUNTER_INSTANCES = 800;
  static final int HISTOGRAM_INSTANCES = 200;
  static final int JOBS = 10;
  static final String[] LE = {
    "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"
  };
  private static final double[] CDF = {0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 0.95, 0.99, 1};

  /** The benchmark queries by short name, evaluated over the whole block at a 15 s step. */
  static final Map<String, String> QUERIES_BY_NAME =
      new LinkedHashMap<>(
          Map.of(
              "sumRate", "sum by (job) (rate(x[5m]))",
              "p99", "histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))",
              "p99ByJob", "histogram_quantile(0.99, sum by (job, le) (rate(h_bucket[5m])))",
              "topk", "topk(10, rate(x[5m]))",
              "regex", "sum by (job) (rate(x{instance=~\"inst-1.*\"}[5m]))"));

  /** The benchmark queries in a fixed order. */
  static final List<String> QUERIES =
      List.of(
          QUERIES_BY_NAME.get("sumRate"),
          QUERIES_BY_NAME.get("p99"),
          QUERIES_BY_NAME.get("p99ByJob"),
          QUERIES_BY_NAME.get("topk"),
          QUERIES_BY_NAME.get("regex"));

  static long endMs() {
    return START_MS + SPAN_MS;
  }

  private QueryBenchData() {}

  /**
   * Returns the block directory under {@code dataDir}, writing the block first when {@code
   * dataDir} holds none.
   */
  static Path ensureBlock(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path existing = findBlock(dataDir);
    if (existing != null) {
      return existing;
    }
    write(dataDir);
    Path written = findBlock(dataDir);
    if (written == null) {
      throw new IOException("no block written to " + dataDir);
    }
    return written;
  }

  static PersistedBlock open(Path blockDir) throws IOException {
    return PersistedBlock.open(FileOps.defaults(), blockDir);
  }

  private static Path findBlock(Path dataDir) throws IOException {
    try (Stream<Path> s = Files.list(dataDir)) {
      return s.filter(p -> Files.isRegularFile(p.resolve("meta.json"))).findFirst().orElse(null);
    }
  }

  private static void write(Path dataDir) throws IOException {
    int counters = COUNTER_INSTANCES;
    int buckets = HISTOGRAM_INSTANCES * LE.length;
    Labels[] labels = new Labels[counters + buckets];
    for (int i = 0; i < counters; i++) {
      labels[i] =
          Labels.of("__name__", "x", "job", "job-" + (i % JOBS), "instance", "inst-" + i);
    }
    for (int i = 0; i < HISTOGRAM_INSTANCES; i++) {
      for (int b = 0; b < LE.length; b++) {
        labels[counters + i * LE.length + b] =
            Labels.of(
                "__name__", "h_bucket", "job", "job-" + (i % JOBS), "instance", "hinst-" + i,
                "le", LE[b]);
      }
    }
    long[] refs = new long[labels.length];
    double[] values = new double[labels.length];
    Random random = new Random(42);
    Head head =
        new Head(
            HeadOptions.DEFAULTS.withChunkRange(2 * SPAN_MS),
            Clock.SYSTEM,
            null,
            new PrometheusRegistry());
    try {
      head.init(Long.MIN_VALUE);
      for (int s = 0; s < SAMPLES_PER_SERIES; s++) {
        long t = START_MS + s * STEP_MS;
        Appender app = head.appender();
        for (int i = 0; i < counters; i++) {
          values[i] += random.nextInt(100);
          refs[i] = app.append(refs[i], labels[i], t, values[i]);
        }
        for (int i = 0; i < HISTOGRAM_INSTANCES; i++) {
          int observations = random.nextInt(40);
          for (int b = 0; b < LE.length; b++) {
            int idx = counters + i * LE.length + b;
            values[idx] += Math.floor(observations * CDF[b]);
            refs[idx] = app.append(refs[idx], labels[idx], t, values[idx]);
          }
        }
        app.commit();
      }
      Ulid ulid = Ulid.generate(Clock.SYSTEM);
      BlockMeta meta =
          new BlockMeta(
              ulid,
              head.minTime(),
              head.maxTime() + 1,
              BlockMeta.Stats.EMPTY,
              BlockMeta.Compaction.level1(ulid));
      new BlockWriter(FileOps.defaults()).write(dataDir, meta, List.of(head));
    } finally {
      head.close();
    }
  }
}
