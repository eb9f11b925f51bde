package io.argus.bench;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.Appender;
import io.argus.storage.ChunkMeta;
import io.argus.store.SeriesRequest;
import io.argus.store.SeriesStore;
import io.argus.store.StoreSeriesSet;
import io.argus.store.grpc.GrpcStoreClient;
import io.argus.store.grpc.GrpcStoreServer;
import io.argus.store.tsdb.TsdbStore;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * One StoreAPI {@code Series} call reading every chunk of 10,000 series of one hour at 15 s (2.4
 * million samples in the head, with an external label added): straight from the {@link TsdbStore}
 * ({@code local}) and through {@link GrpcStoreClient} and {@link GrpcStoreServer} over loopback
 * ({@code grpc}, batches of 64 series). The score is series per second; the ratio of the two is
 * what the wire costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class StoreApiSeriesBenchmark {
  private static final int SERIES = 10_000;
  private static final int SAMPLES = 240;
  private static final long T0 = 1_700_000_000_000L;

  @Param({"local", "grpc"})
  public String path;

  private Path dir;
  private Db db;
  private GrpcStoreServer server;
  private GrpcStoreClient client;
  private SeriesStore store;
  private SeriesRequest request;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("store-api-bench");
    db =
        Db.open(
            dir,
            DbOptions.builder().compactionIntervalMs(0).build(),
            FileOps.defaults(),
            Clock.SYSTEM,
            new PrometheusRegistry());
    Appender app = db.appender();
    for (int s = 0; s < SERIES; s++) {
      Labels labels =
          Labels.of("__name__", "http_requests_total", "instance", "host-" + s, "job", "api");
      long ref = 0;
      for (int i = 0; i < SAMPLES; i++) {
        ref = app.append(ref, labels, T0 + i * 15_000L, i * 1.5);
      }
    }
    app.commit();
    TsdbStore local = TsdbStore.over(db, () -> Labels.of("replica", "a"));
    store = local;
    if (path.equals("grpc")) {
      server =
          GrpcStoreServer.start(
              "127.0.0.1",
              0,
              local,
              GrpcStoreServer.Options.DEFAULT,
              new PrometheusRegistry(),
              Clock.SYSTEM);
      client = GrpcStoreClient.connect(server.address(), GrpcStoreClient.Options.DEFAULT);
      store = client;
    }
    request =
        SeriesRequest.of(
            T0, T0 + SAMPLES * 15_000L, List.of(Matcher.equal("__name__", "http_requests_total")));
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    db.close();
    FileOps.defaults().deleteRecursively(dir);
  }

  /** Reads the whole answer; returns the chunk bytes seen so the work is not optimised away. */
  @Benchmark
  @OperationsPerInvocation(SERIES)
  public long readAllSeries() {
    long bytes = 0;
    int n = 0;
    try (StoreSeriesSet set = store.series(request)) {
      while (set.next()) {
        n++;
        for (ChunkMeta c : set.at().chunks()) {
          bytes += c.chunk().byteLength();
        }
      }
    }
    if (n != SERIES) {
      throw new IllegalStateException("read " + n + " series, want " + SERIES);
    }
    return bytes;
  }
}
