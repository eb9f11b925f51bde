package io.argus.bench;

import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.head.Head;
import io.argus.tsdb.head.HeadOptions;
import io.argus.tsdb.wal.Wal;
import io.argus.tsdb.wal.WalCompression;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replays a WAL holding 1M series-samples (10k series x 100 scrapes, one commit per scrape) into a
 * fresh head: the work Db.open does after a crash. The score is the time of one whole replay. Each
 * replay opens the WAL for writing, which starts one new empty segment; those stay empty.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class WalReplayBenchmark {
  private static final int SERIES = 10_000;
  private static final int SCRAPES = 100;

  @Param({"SNAPPY", "NONE"})
  public String compression;

  private Path dir;
  private WalOptions options;

  @Setup(Level.Trial)
  public void writeWal() throws IOException {
    dir = Files.createTempDirectory("argus-wal-replay-bench");
    options = WalOptions.defaults().withCompression(WalCompression.valueOf(compression));
    Wal wal = Wal.open(FileOps.defaults(), dir.resolve("wal"), options, Clock.SYSTEM);
    Head head = new Head(HeadOptions.DEFAULTS, Clock.SYSTEM, wal, new PrometheusRegistry());
    head.init(Long.MIN_VALUE);
    Labels[] labels = new Labels[SERIES];
    long[] refs = new long[SERIES];
    for (int i = 0; i < SERIES; i++) {
      labels[i] = Labels.of("__name__", "replay_metric_" + (i % 50), "id", Integer.toString(i));
    }
    long t0 = 1_700_000_000_000L;
    for (int r = 0; r < SCRAPES; r++) {
      Appender app = head.appender();
      for (int i = 0; i < SERIES; i++) {
        refs[i] = app.append(refs[i], labels[i], t0 + r * 15_000L, r * 1.5 + i);
      }
      app.commit();
    }
    head.close();
  }

  @TearDown(Level.Trial)
  public void deleteWal() throws IOException {
    FileOps.defaults().deleteRecursively(dir);
  }

  @Benchmark
  public long replay() throws IOException {
    Wal wal = Wal.open(FileOps.defaults(), dir.resolve("wal"), options, Clock.SYSTEM);
    Head head = new Head(HeadOptions.DEFAULTS, Clock.SYSTEM, wal, new PrometheusRegistry());
    try {
      head.init(Long.MIN_VALUE);
      return head.numSeries();
    } finally {
      head.close();
    }
  }
}
