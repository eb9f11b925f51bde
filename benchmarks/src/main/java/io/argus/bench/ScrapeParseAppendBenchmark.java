package io.argus.bench;

import io.argus.model.labels.Labels;
import io.argus.scrape.ScrapeHttpClient;
import io.argus.scrape.ScrapeLoop;
import io.argus.scrape.ScrapeMetrics;
import io.argus.scrape.ScrapeReport;
import io.argus.scrape.ScrapeSettings;
import io.argus.scrape.Sleeper;
import io.argus.scrape.Target;
import io.argus.storage.Appender;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parses a text-format body of {@value #SERIES} series (node-exporter-like label shapes) and
 * appends it through a scrape loop whose series cache is warm, into an appender that only counts.
 * The score is samples per second on one core: the scrape path's cost without storage.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScrapeParseAppendBenchmark {
  private static final int SERIES = 1_000;

  private ScrapeLoop loop;
  private byte[] body;
  private long timestamp;
  private long appended;

  @Setup
  public void setUp() {
    body = CounterExposition.ofFamilies(SERIES / 10);
    ScrapeSettings settings = ScrapeSettings.builder("bench").interval(15_000).build();
    Target target =
        Objects.requireNonNull(Target.create(Labels.of("__address__", "127.0.0.1:9"), settings));
    loop =
        new ScrapeLoop(
            target,
            settings,
            this::countingAppender,
            new ScrapeHttpClient("argus-bench"),
            Clock.SYSTEM,
            Sleeper.REAL,
            new ScrapeMetrics(new PrometheusRegistry()),
            0);
    timestamp = 1_700_000_000_000L;
    ScrapeReport warm = loop.ingest(body, body.length, "text/plain; version=0.0.4", timestamp);
    if (warm.samplesScraped() != SERIES) {
      throw new IllegalStateException("benchmark body has " + warm.samplesScraped() + " samples");
    }
  }

  private Appender countingAppender() {
    return new Appender() {
      @Override
      public long append(long ref, Labels labels, long t, double v) {
        appended++;
        return ref != 0 ? ref : appended;
      }

      @Override
      public void commit() {}

      @Override
      public void rollback() {}
    };
  }

  @Benchmark
  @OperationsPerInvocation(SERIES)
  public long parseAndAppend() {
    timestamp += 15_000;
    loop.ingest(body, body.length, "text/plain; version=0.0.4", timestamp);
    return appended;
  }
}
