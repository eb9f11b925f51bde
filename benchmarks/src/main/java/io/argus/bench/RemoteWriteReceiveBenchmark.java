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
 * s apart) of the same series; when they run out a fresh head starts over. The score is samples per
 * second per core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class RemoteWriteReceiveBenchmark {
  private static final int SERIES = 2_000;
  private static final int REQUESTS = 400;

  private byte[][] requests;
  private Head head;
  private WriteEndpoint endpoint;
  private int next;

  @Setup(Level.Trial)
  public void build() throws IOException {
    Labels[] labels = new Labels[SERIES];
    for (int i = 0; i < SERIES; i++) {
      labels[i] =
          Labels.of(
              "__name__",
              "node_cpu_seconds_total_" + (i % 50),
              "cluster",
              "eu-1",
              "cpu",
              Integer.toString(i % 16),
              "instance",
              "10.0." + (i / 256) + "." + (i % 256) + ":9100",
              "job",
              "node",
              "mode",
              "user");
    }
    requests = new byte[REQUESTS][];
    WriteRequestV1Encoder enc = new WriteRequestV1Encoder(SERIES * 160);
    for (int r = 0; r < REQUESTS; r++) {
      enc.clear();
      long t = 1_700_000_000_000L + r * 15_000L;
      for (int i = 0; i < SERIES; i++) {
        enc.beginSeries(labels[i]);
        enc.sample(t, i * 0.5 + r);
        enc.endSeries();
      }
      requests[r] = Snappy.compress(enc.writer().toByteArray());
    }
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
  @OperationsPerInvocation(SERIES)
  public int receive() {
    if (next == REQUESTS) {
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
