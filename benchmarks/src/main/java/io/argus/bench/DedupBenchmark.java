package io.argus.bench;

import io.argus.model.labels.Labels;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.ChunkAppender;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.storage.merge.SeriesSets;
import io.argus.store.dedup.ChainDeduplicator;
import io.argus.store.dedup.GapFillDeduplicator;
import io.argus.store.dedup.PenaltyDeduplicator;
import io.argus.store.dedup.SeriesDeduplicator;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Replica dedup over two replicas of 1,000 counter series x 720 samples (3 h at 15 s, scraped 7.3 s
 * apart in phase with a few ms of jitter; every 20th series has a 2-minute outage in one replica),
 * each series one XOR chunk. One invocation deduplicates the whole set and reads every merged
 * sample through reused iterators. The score counts input samples (both replicas), so {@code
 * oneReplica} (no dedup: reading one replica's series) is the decoding cost of half the input.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DedupBenchmark {
  private static final int SERIES = 1000;
  private static final int SAMPLES = 720;
  private static final long INTERVAL = 15_000;
  private static final int INPUT_SAMPLES = 2 * SERIES * SAMPLES;
  private static final SelectHints RATE =
      new SelectHints(0, Long.MAX_VALUE, INTERVAL, 60_000, "rate", List.of(), false, 0);

  @Param({"gapFill", "penalty", "chain", "oneReplica"})
  public String algorithm = "gapFill";

  private final List<Series> replicas = new ArrayList<>();
  private final List<Series> firstReplica = new ArrayList<>();
  private @Nullable SeriesDeduplicator dedup;
  private @Nullable SampleIterator iterator;

  /** A series over one XOR chunk. */
  private record ChunkSeries(Labels labels, XorChunk chunk) implements Series {
    @Override
    public SampleIterator iterator(@Nullable SampleIterator reuse) {
      return chunk.iterator(reuse);
    }
  }

  @Setup(Level.Trial)
  public void generate() {
    SplittableRandom rnd = new SplittableRandom(42);
    for (int s = 0; s < SERIES; s++) {
      Labels labels =
          Labels.of("__name__", "http_requests_total", "instance", String.format("host-%04d", s));
      double perSecond = 1 + rnd.nextInt(100);
      long outageFrom = s % 20 == 0 ? INTERVAL * (100 + rnd.nextInt(500)) : Long.MAX_VALUE;
      for (int r = 0; r < 2; r++) {
        long phase = r == 0 ? 0 : 7_300;
        XorChunk chunk = new XorChunk();
        ChunkAppender app = chunk.appender();
        for (int i = 0; i < SAMPLES; i++) {
          long t = 1_700_000_000_000L + phase + i * INTERVAL + rnd.nextInt(-5, 6);
          boolean down =
              r == s % 2
                  && t - 1_700_000_000_000L >= outageFrom
                  && t - 1_700_000_000_000L < outageFrom + 120_000;
          if (!down) {
            app.append(t, Math.floor(perSecond * i * INTERVAL / 1000.0));
          }
        }
        ChunkSeries series = new ChunkSeries(labels, chunk);
        replicas.add(series);
        if (r == 0) {
          firstReplica.add(series);
        }
      }
    }
    dedup =
        switch (algorithm) {
          case "gapFill" -> new GapFillDeduplicator();
          case "penalty" -> new PenaltyDeduplicator();
          case "chain" -> new ChainDeduplicator();
          case "oneReplica" -> null;
          default -> throw new IllegalArgumentException("unknown algorithm " + algorithm);
        };
  }

  @Benchmark
  @OperationsPerInvocation(INPUT_SAMPLES)
  public void deduplicate(Blackhole bh) {
    SeriesDeduplicator d = dedup;
    SeriesSet set =
        d == null ? SeriesSets.from(firstReplica) : d.deduplicate(SeriesSets.from(replicas), RATE);
    SampleIterator it = iterator;
    long count = 0;
    while (set.next()) {
      it = set.at().iterator(it);
      while (it.next() == ValueType.FLOAT) {
        bh.consume(it.atT());
        bh.consume(it.atFloat());
        count++;
      }
    }
    iterator = it;
    bh.consume(count);
  }
}
