package io.argus.bench;

import io.argus.model.labels.Labels;
import io.argus.remote.proto.WriteRequestV1Encoder;
import io.argus.remote.receiver.RemoteWriteReceiver;
import io.argus.remote.receiver.WriteEndpoint;
import io.argus.remote.receiver.WriteProtocol;
import io.argus.tsdb.head.Head;
import io.argus.tsdb.head.HeadOptions;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.EnumSet;
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
import org.xerial.snappy.Snappy;

/**
 * The receiver's hot path, single-threaded: one remote-write 1.0 request of 2,000 series with one
 * sample each (Prometheus' default max_samples_per_send in 3.x), snappy-decompressed, decoded and
 * appended to a head without WAL, then committed. Requests are pre-built for successive scrapes (15
 * s apart) of {@code series} series, 2,000 per request (with 80,000 the labels cache, the head's
 * series and their chunks no longer fit the CPU caches, as on a real receiver); when they run out a
 * fresh head starts over. The score is samples per second per core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class RemoteWriteReceiveBenchmark {
  /** Samples (series) per request. */
  static final int SAMPLES = 2_000;

  @Param({"2000", "80000"})
  public int series;

  private byte[][] requests;
  private Head head;
  private WriteEndpoint endpoint;
  private int next;

  @Setup(Level.Trial)
  public void build() throws IOException {
    Labels[] labels = new Labels[series];
    for (int i = 0; i < series; i++) {
      labels[i] =
          Labels.of(
              "__name__",
              "node_cpu_seconds_total_" + (i % 50),
              "cluster",
              "eu-1",
              "cpu",
              Integer.toString(i % 16),
              "instance",
              "10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256) + ":9100",
              "job",
              "node",
              "mode",
              "user");
    }
    requests = new byte[Math.max(400, 30 * (series / SAMPLES))][];
    WriteRequestV1Encoder enc = new WriteRequestV1Encoder(SAMPLES * 160);
    int blocks = series / SAMPLES;
    for (int r = 0; r < requests.length; r++) {
      enc.clear();
      long t = 1_700_000_000_000L + (r / blocks) * 15_000L;
      int first = (r % blocks) * SAMPLES;
      for (int i = first; i < first + SAMPLES; i++) {
        enc.beginSeries(labels[i]);
        enc.sample(t, i * 0.5 + r);
        enc.endSeries();
      }
      requests[r] = Snappy.compress(enc.writer().toByteArray());
    }
  }

  /** How many requests {@link #build} made (one round of {@link RemoteWriteReceiveCpu}). */
  int requestCount() {
    return requests.length;
  }

  @Setup(Level.Iteration)
  public void newHead() {
    head = new Head(HeadOptions.DEFAULTS, Clock.SYSTEM, null, new PrometheusRegistry());
    head.init(Long.MIN_VALUE);
    endpoint =
        new WriteEndpoint(
            new RemoteWriteReceiver(head::appender, Clock.SYSTEM, null, new PrometheusRegistry()),
            EnumSet.allOf(WriteProtocol.class));
    next = 0;
  }

  @TearDown(Level.Iteration)
  public void closeHead() {
    head.close();
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public int receive() {
    if (next == requests.length) {
      head.close();
      newHead();
    }
    byte[] body = requests[next++];
    WriteEndpoint.Response r =
        endpoint.handle("application/x-protobuf", "snappy", new ByteArrayInputStream(body), -1);
    if (r.status() != 204) {
      throw new IllegalStateException(r.status() + " " + r.body());
    }
    return r.status();
  }
}
