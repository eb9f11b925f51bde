package io.argus.bench;

import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.ChunkAppender;
import io.argus.storage.chunkenc.XorChunk;
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
 * Encodes and decodes 120-sample XOR chunks of scrape-like data: a 15 s interval with a few
 * milliseconds of jitter, and either monotonically increasing counters or noisy gauges. Scores are
 * per sample.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class XorChunkBenchmark {
  private static final int SERIES = 256;
  private static final int SAMPLES = 120;
  private static final int TOTAL = SERIES * SAMPLES;

  @Param({"counter", "gauge"})
  public String kind = "counter";

  private final long[][] timestamps = new long[SERIES][SAMPLES];
  private final double[][] values = new double[SERIES][SAMPLES];
  private final XorChunk[] chunks = new XorChunk[SERIES];
  private @Nullable SampleIterator iterator;

  @Setup(Level.Trial)
  public void generate() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int s = 0; s < SERIES; s++) {
      long t = 1_700_000_000_000L + rnd.nextInt(15_000);
      double v = "counter".equals(kind) ? rnd.nextInt(1_000_000) : 20 + rnd.nextDouble() * 10;
      for (int i = 0; i < SAMPLES; i++) {
        t += 15_000 + rnd.nextInt(-5, 6);
        if ("counter".equals(kind)) {
          v += rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1, 50);
        } else {
          v = Math.round((v + rnd.nextDouble(-0.5, 0.5)) * 100) / 100.0;
        }
        timestamps[s][i] = t;
        values[s][i] = v;
      }
      chunks[s] = encode(s);
    }
  }

  private XorChunk encode(int s) {
    XorChunk c = new XorChunk();
    ChunkAppender app = c.appender();
    long[] ts = timestamps[s];
    double[] vs = values[s];
    for (int i = 0; i < SAMPLES; i++) {
      app.append(ts[i], vs[i]);
    }
    return c;
  }

  /** Encodes every series into a fresh chunk. */
  @Benchmark
  @OperationsPerInvocation(TOTAL)
  public void encode(Blackhole bh) {
    for (int s = 0; s < SERIES; s++) {
      bh.consume(encode(s).byteLength());
    }
  }

  /** Decodes every chunk with one reused iterator. */
  @Benchmark
  @OperationsPerInvocation(TOTAL)
  public void decode(Blackhole bh) {
    SampleIterator it = iterator;
    for (XorChunk c : chunks) {
      it = c.iterator(it);
      while (it.next() == ValueType.FLOAT) {
        bh.consume(it.atT());
        bh.consume(it.atFloat());
      }
    }
    iterator = it;
  }
}
