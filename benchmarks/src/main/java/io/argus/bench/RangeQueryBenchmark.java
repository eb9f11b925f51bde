package io.argus.bench;

import io.argus.promql.Engine;
import io.argus.promql.EngineOptions;
import io.argus.promql.QueryResult;
import io.argus.storage.Queryable;
import io.argus.tsdb.block.PersistedBlock;
import io.argus.tsdb.querier.BlockQueriers;
import java.io.IOException;
import java.nio.file.Path;
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
 * Range queries (6 h at a 15 s step) over the persisted block of {@link QueryBenchData} (10k
 * series x 6 h), in-process. The block is written once to {@code argus.bench.dir} (default
 * {@code target/promql-bench/argus-data}) and reused by later runs and by {@link
 * PromqlBenchHarness}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class RangeQueryBenchmark {
  /** A key of {@link QueryBenchData#QUERIES_BY_NAME} (JMH splits parameter values on commas). */
  @Param({"sumRate", "p99", "p99ByJob", "topk", "regex"})
  public String name;

  private String query;

  private PersistedBlock block;
  private Queryable storage;
  private Engine engine;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path dir =
        Path.of(System.getProperty("argus.bench.dir", "target/promql-bench/argus-data"));
    block = QueryBenchData.open(QueryBenchData.ensureBlock(dir));
    PersistedBlock b = block;
    storage = (mint, maxt) -> BlockQueriers.over(List.of(b), mint, maxt);
    engine = new Engine(EngineOptions.DEFAULT);
    query = QueryBenchData.QUERIES_BY_NAME.get(name);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    block.close();
  }

  @Benchmark
  public QueryResult rangeQuery() {
    return engine.rangeQuery(
        storage, query, QueryBenchData.START_MS, QueryBenchData.endMs(), QueryBenchData.STEP_MS);
  }
}
