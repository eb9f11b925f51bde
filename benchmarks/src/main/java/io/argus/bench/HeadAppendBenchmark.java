package io.argus.bench;

import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.tsdb.head.Head;
import io.argus.tsdb.head.HeadOptions;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appends one scrape (one sample to each of {@code series} existing series, by cached reference) to
 * a head without WAL and commits it, single-threaded. The score is samples per second per core.
 * Each invocation advances time by 15 s, so chunks fill and are cut as in production.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HeadAppendBenchmark {
  private static final int SERIES = 10_000;

  private Head head;
  private Labels[] labels;
  private long[] refs;
  private long timestamp;

  @Setup(Level.Iteration)
  public void setUp() {
    labels = new Labels[SERIES];
    refs = new long[SERIES];
    for (int i = 0; i < SERIES; i++) {
      labels[i] =
          Labels.of(
              "__name__", "bench_metric_" + (i % 100),
              "instance", "10.0." + (i / 256) + "." + (i % 256) + ":9100",
              "job", "bench");
    }
    head = new Head(HeadOptions.DEFAULTS, Clock.SYSTEM, null, new PrometheusRegistry());
    head.init(Long.MIN_VALUE);
    timestamp = 1_700_000_000_000L;
    appendScrape();
  }

  @TearDown(Level.Iteration)
  public void tearDown() {
    head.close();
  }

  @Benchmark
  @OperationsPerInvocation(SERIES)
  public void appendScrape() {
    timestamp += 15_000;
    Appender app = head.appender();
    long t = timestamp;
    for (int i = 0; i < SERIES; i++) {
      refs[i] = app.append(refs[i], labels[i], t, i + t * 1e-3);
    }
    app.commit();
  }
}
