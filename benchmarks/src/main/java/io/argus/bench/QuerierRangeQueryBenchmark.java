package io.argus.bench;

import io.argus.promql.Engine;
import io.argus.promql.EngineOptions;
import io.argus.promql.QueryResult;
import io.argus.storage.Queryable;
import io.argus.store.dedup.GapFillDeduplicator;
import io.argus.store.grpc.GrpcStoreClient;
import io.argus.store.grpc.GrpcStoreServer;
import io.argus.store.proxy.ProxyStore;
import io.argus.store.proxy.StoreEndpoint;
import io.argus.store.query.StoreQueryOptions;
import io.argus.store.query.StoreQueryable;
import io.argus.store.tsdb.TsdbStore;
import io.argus.tsdb.block.PersistedBlock;
import io.argus.tsdb.querier.BlockQueriers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Issue 9, acceptance 7: a 6 h range query (15 s step) over the block of {@link QueryBenchData}
 * (10k series × 6 h), either on one server directly ({@code direct}: the engine over the block) or
 * through the querier over two replicas ({@code querier}: two StoreAPI servers on loopback gRPC,
 * each a {@link TsdbStore} over the same block with its own {@code replica} label, the proxy, and
 * the default gap-filling dedup). The ratio of the two scores is the querier's overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx2g"})
public class QuerierRangeQueryBenchmark {
  /** A key of {@link QueryBenchData#QUERIES_BY_NAME}. */
  @Param({"sumRate", "p99", "topk"})
  public String name;

  /** {@code direct} or {@code querier}. */
  @Param({"direct", "querier"})
  public String path;

  private String query;
  private PersistedBlock block;
  private Queryable storage;
  private Engine engine;
  private final List<AutoCloseable> resources = new ArrayList<>();

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path dir = Path.of(System.getProperty("argus.bench.dir", "target/promql-bench/argus-data"));
    block = QueryBenchData.open(QueryBenchData.ensureBlock(dir));
    PersistedBlock b = block;
    engine = new Engine(EngineOptions.DEFAULT);
    query = QueryBenchData.QUERIES_BY_NAME.get(name);
    if (path.equals("direct")) {
      storage = (mint, maxt) -> BlockQueriers.over(List.of(b), mint, maxt);
      return;
    }
    List<StoreEndpoint> endpoints = new ArrayList<>();
    for (GrpcStoreServer server : QuerierBenchHarness.startServers(b)) {
      resources.add(server);
      GrpcStoreClient client =
          GrpcStoreClient.connect(server.address(), GrpcStoreClient.Options.DEFAULT);
      resources.add(client);
      endpoints.add(StoreEndpoint.healthy(client, client.info()));
    }
    storage =
        new StoreQueryable(
            new ProxyStore(() -> endpoints, Duration.ZERO, 256),
            new GapFillDeduplicator(),
            new StoreQueryOptions(true, List.of("replica"), true));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    for (AutoCloseable c : resources.reversed()) {
      c.close();
    }
    block.close();
  }

  @Benchmark
  public QueryResult rangeQuery() {
    return engine.rangeQuery(
        storage, query, QueryBenchData.START_MS, QueryBenchData.endMs(), QueryBenchData.STEP_MS);
  }
}
