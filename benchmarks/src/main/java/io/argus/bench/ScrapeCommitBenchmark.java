package io.argus.bench;

import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.head.Head;
import io.argus.tsdb.head.HeadOptions;
import io.argus.tsdb.wal.Wal;
import io.argus.tsdb.wal.WalOptions;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The head's share of scrape ingestion in the shape {@code ScrapeBenchHarness} produces: a head of
 * {@code targets} x 1,000 existing series, and each invocation appends one target's scrape (1,000
 * samples by cached reference) in its own appender and commits it, the targets taking turns. The
 * series of a batch are thus scattered among many others, as in a server, not hot in the cache.
 * With {@code wal=true} every commit is also encoded and written to a WAL (the server's defaults:
 * snappy, no fsync per commit). The score is samples per second on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScrapeCommitBenchmark {
  private static final int SERIES_PER_TARGET = 1_000;

  @Param({"200"})
  public int targets;

  @Param({"false", "true"})
  public boolean wal;

  private Path dir;
  private Head head;
  private Labels[][] labels;
  private long[][] refs;
  private long[] timestamps;
  private int next;

  @Setup(Level.Iteration)
  public void setUp() throws IOException {
    labels = new Labels[targets][SERIES_PER_TARGET];
    refs = new long[targets][SERIES_PER_TARGET];
    timestamps = new long[targets];
    Wal w = null;
    if (wal) {
      dir = Files.createTempDirectory("argus-scrape-commit-bench");
      w = Wal.open(FileOps.defaults(), dir.resolve("wal"), WalOptions.defaults(), Clock.SYSTEM);
    }
    head = new Head(HeadOptions.DEFAULTS, Clock.SYSTEM, w, new PrometheusRegistry());
    head.init(Long.MIN_VALUE);
    for (int tg = 0; tg < targets; tg++) {
      String instance = "127.0.0.1:" + (20_000 + tg);
      for (int i = 0; i < SERIES_PER_TARGET; i++) {
        labels[tg][i] =
            Labels.of(
                "__name__", "demo_metric_" + (i % 50),
                "instance", instance,
                "job", "demo",
                "series", Integer.toString(i));
      }
      timestamps[tg] = 1_700_000_000_000L + tg;
    }
    // First scrape of every target creates its series, in target order as a server would.
    for (int tg = 0; tg < targets; tg++) {
      appendScrape();
    }
  }

  @TearDown(Level.Iteration)
  public void tearDown() throws IOException {
    head.close();
    if (dir != null) {
      FileOps.defaults().deleteRecursively(dir);
      dir = null;
    }
  }

  @Benchmark
  @OperationsPerInvocation(SERIES_PER_TARGET)
  public void appendScrape() {
    int tg = next;
    next = tg + 1 == targets ? 0 : tg + 1;
    long t = timestamps[tg] += 2_000;
    Labels[] ls = labels[tg];
    long[] rs = refs[tg];
    Appender app = head.appender();
    for (int i = 0; i < SERIES_PER_TARGET; i++) {
      rs[i] = app.append(rs[i], ls[i], t, i + t * 1e-3);
    }
    app.commit();
  }
}
