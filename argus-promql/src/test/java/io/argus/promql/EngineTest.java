package io.argus.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.argus.model.labels.Labels;
import io.argus.util.Cancellation;
import io.argus.util.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EngineTest {
  private static final long MIN = 60_000;
  private final Engine engine = new Engine(EngineOptions.CONFORMANCE);
  private final ArrayQueryable data =
      new ArrayQueryable()
          .add(Labels.of("__name__", "req_total", "job", "a"), MIN, 0, 10, 20, 30, 40, 50)
          .add(Labels.of("__name__", "req_total", "job", "b"), MIN, 5, 5, 5, 5, 5, 5)
          .add(Labels.of("__name__", "gauge", "job", "a"), MIN, 1, 2);

  private static Vector vector(QueryResult r) {
    return (Vector) r.value();
  }

  @Test
  void instantQuery_lookbackIsLeftOpen() {
    // gauge has samples at 0 and 1m; at 6m the 1m sample is exactly 5m old and excluded.
    assertThat(vector(engine.instantQuery(data, "gauge", 5 * MIN + 59_999)).samples())
        .extracting(Sample::v)
        .containsExactly(2.0);
    assertThat(vector(engine.instantQuery(data, "gauge", 6 * MIN)).samples()).isEmpty();
  }

  @Test
  void instantQuery_sumByAndRate() {
    Vector v = vector(engine.instantQuery(data, "sum by (job) (rate(req_total[5m]))", 5 * MIN));
    assertThat(v.samples()).hasSize(2);
    Sample a =
        v.samples().stream()
            .filter(s -> s.labels().get("job").equals("a"))
            .findFirst()
            .orElseThrow();
    assertThat(a.labels()).isEqualTo(Labels.of("job", "a"));
    assertThat(a.v()).isCloseTo(10.0 / 60, within(1e-12));
  }

  @Test
  void instantQuery_dropsNameOnlyWhereUpstreamDoes() {
    Vector abs = vector(engine.instantQuery(data, "abs(gauge)", MIN));
    assertThat(abs.get(0).labels()).isEqualTo(Labels.of("job", "a"));
    Vector last = vector(engine.instantQuery(data, "last_over_time(gauge[5m])", MIN));
    assertThat(last.get(0).labels()).isEqualTo(Labels.of("__name__", "gauge", "job", "a"));
  }

  @Test
  void rangeQuery_returnsSortedMatrixPerStep() {
    Matrix m = (Matrix) engine.rangeQuery(data, "req_total * 2", 0, 2 * MIN, MIN).value();
    assertThat(m.series())
        .extracting(SeriesPoints::labels)
        .containsExactly(Labels.of("job", "a"), Labels.of("job", "b"));
    SeriesPoints a = m.get(0);
    assertThat(a.size()).isEqualTo(3);
    assertThat(a.v(2)).isEqualTo(40);
    assertThat(a.t(2)).isEqualTo(2 * MIN);
  }

  @Test
  void rangeQuery_rejectsRangeVectorsAndBadSteps() {
    assertThatThrownBy(() -> engine.rangeQuery(data, "req_total[5m]", 0, MIN, MIN))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("invalid expression type \"range vector\" for range query");
    assertThatThrownBy(() -> engine.rangeQuery(data, "req_total", 0, MIN, 0))
        .hasMessageContaining("zero or negative query resolution step");
  }

  @Test
  void instantQuery_reportsMatchingErrorsInUpstreamWording() {
    assertThatThrownBy(() -> engine.instantQuery(data, "gauge + ignoring(job) req_total", MIN))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("many-to-many matching not allowed");
  }

  @Test
  void instantQuery_annotatesNonCounterRate() {
    QueryResult r = engine.instantQuery(data, "rate(gauge[5m])", MIN);
    assertThat(r.infos())
        .containsExactly(
            "PromQL info: metric might not be a counter, name does not end in "
                + "_total/_sum/_count/_bucket: \"gauge\" (1:6)");
  }

  @Test
  void instantQuery_stopsOnCancellation() {
    Cancellation cancelled =
        () -> {
          throw new Cancellation.CancelledException("stop");
        };
    assertThatThrownBy(() -> engine.instantQuery(data, "req_total", MIN, cancelled))
        .isInstanceOfSatisfying(
            QueryException.class,
            e -> assertThat(e.kind()).isEqualTo(QueryException.Kind.CANCELED));
  }

  @Test
  void instantQuery_timesOutByInjectedClock() {
    AtomicLong nanos = new AtomicLong();
    Clock clock =
        new Clock() {
          @Override
          public long millis() {
            return 0;
          }

          @Override
          public long nanoTime() {
            return nanos.getAndAdd(Duration.ofSeconds(1).toNanos());
          }
        };
    EngineOptions o = EngineOptions.CONFORMANCE;
    Engine slow =
        new Engine(
            new EngineOptions(
                o.lookbackMillis(),
                Duration.ofMillis(1500),
                o.maxSamples(),
                o.defaultSubqueryStepMillis(),
                true,
                true,
                clock));
    assertThatThrownBy(() -> slow.instantQuery(data, "sum(req_total) + sum(gauge)", MIN))
        .isInstanceOfSatisfying(
            QueryException.class, e -> assertThat(e.kind()).isEqualTo(QueryException.Kind.TIMEOUT));
  }

  @Test
  void rangeQuery_enforcesMaxSamples() {
    EngineOptions o = EngineOptions.CONFORMANCE;
    Engine small =
        new Engine(
            new EngineOptions(
                o.lookbackMillis(),
                o.timeout(),
                3,
                o.defaultSubqueryStepMillis(),
                true,
                true,
                o.clock()));
    assertThatThrownBy(
            () -> small.rangeQuery(data, "sum_over_time(req_total[10m])", 0, 5 * MIN, MIN))
        .isInstanceOfSatisfying(
            QueryException.class,
            e -> assertThat(e.kind()).isEqualTo(QueryException.Kind.TOO_MANY_SAMPLES));
  }
}
