package io.argus.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.promql.Evaluator.BufferedSource;
import io.argus.promql.Evaluator.SeriesBuffer;
import io.argus.util.Cancellation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class SeriesPipelineTest {
  private static final long MIN = 60_000;

  private static final EngineOptions OPTIONS =
      new EngineOptions(
          300_000,
          EngineOptions.CONFORMANCE.timeout(),
          50_000_000,
          60_000,
          true,
          true,
          EngineOptions.CONFORMANCE.clock());

  private static Evaluator.Context context(Cancellation cancellation) {
    return new Evaluator.Context(
        new ArrayQueryable(), EngineOptions.CONFORMANCE, 0, 0, 1, cancellation);
  }

  /** A source of {@code count} series; series i has i % 7 samples whose values are i. */
  private static BufferedSource source(int count) {
    return (buffers, sink) -> {
      for (int i = 0; i < count; i++) {
        SeriesBuffer b = buffers.get();
        int n = i % 7;
        if (n == 0) {
          continue;
        }
        for (int j = 0; j < n; j++) {
          b.samples.times[j] = j;
          b.samples.values[j] = i;
        }
        b.samples.size = n;
        b.labels = Labels.of("i", Integer.toString(i));
        sink.accept(b);
      }
    };
  }

  /** Sums a buffer's values into a one-step series; null for odd sums. */
  private static Function<SeriesBuffer, @Nullable StepSeries> summing(Set<Thread> threads) {
    return b -> {
      threads.add(Thread.currentThread());
      double sum = 0;
      for (int j = 0; j < b.samples.size; j++) {
        sum += b.samples.values[j];
      }
      if (((long) sum & 1) == 1) {
        return null;
      }
      StepSeries s = new StepSeries(b.labels, false, 1);
      s.set(0, sum);
      return s;
    };
  }

  @Test
  void run_keepsSourceOrderWithWorkers() {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    List<@Nullable StepSeries> parallel =
        SeriesPipeline.run(
            context(Cancellation.NONE), source(5000), () -> summing(threads), 3);
    List<@Nullable StepSeries> sequential =
        SeriesPipeline.run(
            context(Cancellation.NONE),
            source(5000),
            () -> summing(ConcurrentHashMap.newKeySet()),
            0);
    assertThat(parallel).hasSize(5000 - 5000 / 7 - 1);
    assertThat(parallel).hasSameSizeAs(sequential);
    for (int k = 0; k < parallel.size(); k++) {
      StepSeries p = parallel.get(k);
      StepSeries s = sequential.get(k);
      if (s == null) {
        assertThat(p).isNull();
        continue;
      }
      assertThat(p).isNotNull();
      assertThat(p.labels).isEqualTo(s.labels);
      assertThat(p.values[0]).isEqualTo(s.values[0]);
    }
    assertThat(threads).hasSizeGreaterThan(1);
  }

  @Test
  void run_rethrowsAWorkerFailure() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                SeriesPipeline.run(
                    context(Cancellation.NONE),
                    source(3000),
                    () ->
                        b -> {
                          if (calls.incrementAndGet() == 1500) {
                            throw Evaluator.error("kernel failed");
                          }
                          return null;
                        },
                    2))
        .isInstanceOf(QueryException.class)
        .hasMessage("kernel failed");
  }

  @Test
  void run_stopsOnCancellation() {
    AtomicInteger checks = new AtomicInteger();
    Cancellation cancelAfterAWhile =
        () -> {
          if (checks.incrementAndGet() > 200) {
            throw new Cancellation.CancelledException("stop");
          }
        };
    Evaluator.Context ctx = context(cancelAfterAWhile);
    BufferedSource checking =
        (buffers, sink) ->
            source(100_000)
                .run(
                    buffers,
                    b -> {
                      ctx.check();
                      sink.accept(b);
                    });
    assertThatThrownBy(
            () ->
                SeriesPipeline.run(
                    ctx, checking, () -> summing(ConcurrentHashMap.newKeySet()), 2))
        .isInstanceOfSatisfying(
            QueryException.class,
            e -> assertThat(e.kind()).isEqualTo(QueryException.Kind.CANCELED));
  }

  /** Counters with resets, 15 s apart, over 400 series (many pipeline batches). */
  private static ArrayQueryable counters() {
    Random random = new Random(7);
    ArrayQueryable data = new ArrayQueryable();
    for (int i = 0; i < 400; i++) {
      double[] values = new double[240];
      double v = random.nextInt(1000);
      for (int j = 0; j < values.length; j++) {
        if (random.nextInt(100) == 0) {
          v = 0;
        }
        v += random.nextInt(50);
        values[j] = v;
      }
      data.add(Labels.of("__name__", "c", "job", "j" + (i % 5), "i", "" + i), 15_000, values);
    }
    return data;
  }

  @Test
  void rangeQuery_parallelRateEqualsSequentialSubqueryPath() {
    // A 15 s subquery over 15 s-aligned samples yields the raw samples, but its windows are
    // evaluated on the sequential path: both must agree exactly, series by series.
    Engine engine = new Engine(OPTIONS);
    ArrayQueryable data = counters();
    for (String fn : List.of("rate", "increase", "max_over_time", "resets")) {
      Matrix direct = (Matrix) engine.rangeQuery(data, fn + "(c[2m])", 0, 59 * MIN, MIN).value();
      Matrix viaSubquery =
          (Matrix) engine.rangeQuery(data, fn + "(c[2m:15s])", 0, 59 * MIN, MIN).value();
      assertThat(direct.size()).isEqualTo(400);
      assertThat(direct.series()).isEqualTo(viaSubquery.series());
    }
  }

  @Test
  void rangeQuery_topkEqualsInstantTopkAtEveryStep() {
    Random random = new Random(11);
    ArrayQueryable data = new ArrayQueryable();
    for (int i = 0; i < 300; i++) {
      double[] values = new double[40];
      for (int j = 0; j < values.length; j++) {
        values[j] = random.nextInt(8) == 0 ? Double.NaN : random.nextInt(6);
      }
      data.add(Labels.of("__name__", "g", "job", "j" + (i % 3), "i", "" + i), MIN, values);
    }
    Engine engine = new Engine(OPTIONS);
    for (String query : List.of("topk(5, g)", "bottomk by (job) (3, g)")) {
      Matrix range = (Matrix) engine.rangeQuery(data, query, 0, 39 * MIN, MIN).value();
      for (int step = 0; step < 40; step++) {
        long t = step * MIN;
        List<String> expected = new ArrayList<>();
        for (Sample s : ((Vector) engine.instantQuery(data, query, t).value()).samples()) {
          expected.add(s.labels() + "=" + s.v());
        }
        List<String> actual = new ArrayList<>();
        for (SeriesPoints p : range.series()) {
          for (int k = 0; k < p.size(); k++) {
            if (p.t(k) == t) {
              actual.add(p.labels() + "=" + p.v(k));
            }
          }
        }
        assertThat(actual).as(query + " at " + t).containsExactlyInAnyOrderElementsOf(expected);
      }
    }
  }
}
