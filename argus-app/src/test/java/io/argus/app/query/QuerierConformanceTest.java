package io.argus.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.promql.Engine;
import io.argus.promql.EngineOptions;
import io.argus.promql.promqltest.EvalOutcome;
import io.argus.promql.promqltest.PromqlEngineAdapter;
import io.argus.promql.promqltest.PromqlScript;
import io.argus.promql.promqltest.PromqlScriptRunner;
import io.argus.promql.promqltest.ScriptEngine;
import io.argus.promql.promqltest.ScriptReport;
import io.argus.storage.Queryable;
import io.argus.store.dedup.GapFillDeduplicator;
import io.argus.store.proxy.ProxyStore;
import io.argus.store.proxy.StoreEndpoint;
import io.argus.store.query.StoreQueryOptions;
import io.argus.store.query.StoreQueryable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, acceptance 5: the PromQL conformance corpus (shared promql-testdata) with each test's
 * data served by two stores that differ only in their replica label, read through the proxy and the
 * default deduplicator, passes exactly the evals the engine alone passes.
 */
class QuerierConformanceTest {
  /** The engine reading through the querier stack built over the runner's storage. */
  private static final class ThroughQuerier implements ScriptEngine {
    private final ScriptEngine engine;

    ThroughQuerier(ScriptEngine engine) {
      this.engine = engine;
    }

    private static Queryable querier(Queryable data) {
      List<StoreEndpoint> endpoints =
          Stream.of("a", "b")
              .map(r -> new QueryableStore("replica-" + r, data, Labels.of("replica", r)))
              .map(s -> StoreEndpoint.healthy(s, s.info()))
              .toList();
      return new StoreQueryable(
          new ProxyStore(() -> endpoints, Duration.ZERO, 64),
          new GapFillDeduplicator(),
          new StoreQueryOptions(true, List.of("replica"), true));
    }

    @Override
    public Result instant(Queryable storage, String expr, long t) {
      return engine.instant(querier(storage), expr, t);
    }

    @Override
    public Result range(Queryable storage, String expr, long start, long end, long step) {
      return engine.range(querier(storage), expr, start, end, step);
    }

    @Override
    public @Nullable String withAtModifier(String expr, long t) {
      return engine.withAtModifier(expr, t);
    }

    @Override
    public @Nullable String unsupported(String expr) {
      return engine.unsupported(expr);
    }

    @Override
    public @Nullable List<List<Matcher>> selectors(String expr) {
      return engine.selectors(expr);
    }
  }

  @Test
  void corpus_throughTheQuerierPassesWhatTheEngineAlonePasses() throws Exception {
    String shared = System.getProperty("argus.shared.dir");
    Path dir = shared == null ? null : Path.of(shared, "promql-testdata");
    assumeTrue(dir != null && Files.isDirectory(dir), "shared promql-testdata not available");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    PromqlEngineAdapter engine = new PromqlEngineAdapter(new Engine(EngineOptions.CONFORMANCE));
    PromqlScriptRunner alone = new PromqlScriptRunner(engine);
    PromqlScriptRunner through = new PromqlScriptRunner(new ThroughQuerier(engine));
    long[] totals = new long[4];
    StringBuilder differences = new StringBuilder();
    for (Path f : files) {
      PromqlScript script = PromqlScript.parse(f);
      ScriptReport a = alone.run(script);
      ScriptReport q = through.run(script);
      long ap = a.count(EvalOutcome.Status.PASSED);
      long af = a.count(EvalOutcome.Status.FAILED);
      long qp = q.count(EvalOutcome.Status.PASSED);
      long qf = q.count(EvalOutcome.Status.FAILED);
      totals[0] += ap;
      totals[1] += af;
      totals[2] += qp;
      totals[3] += qf;
      if (ap != qp || af != qf) {
        differences.append(
            "%s: engine %d passed %d failed, querier %d passed %d failed%n"
                .formatted(f.getFileName(), ap, af, qp, qf));
        for (EvalOutcome o : q.outcomes()) {
          if (o.status() == EvalOutcome.Status.FAILED) {
            differences.append("  ").append(o).append('\n');
          }
        }
      }
    }
    System.out.printf(
        "conformance: engine alone %d passed %d failed; through the querier %d passed %d failed%n",
        totals[0], totals[1], totals[2], totals[3]);
    System.out.print(differences);
    assertThat(totals[0]).isPositive();
    assertThat(differences.toString()).isEmpty();
  }
}
