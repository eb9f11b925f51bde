package io.argus.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.textparse.Entry;
import io.argus.model.textparse.MetricType;
import io.argus.model.textparse.OpenMetricsParser;
import io.argus.model.textparse.PromTextParser;
import io.argus.model.textparse.TextParser;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class DemoTargetTest {
  private static final long START = 1_780_000_000_000L;

  @Test
  void forSeries_exposesExactlyThatManySeries() {
    for (int series : new int[] {6, 7, 23, 176, 1000, 5000}) {
      WorkloadLayout layout = WorkloadLayout.forSeries(series);
      DemoTarget target = new DemoTarget(layout, 42, START);

      assertThat(layout.seriesCount()).isEqualTo(series);
      assertThat(parse(target.render(ExpositionFormat.TEXT, 0, 0), false)).hasSize(series);
      assertThat(parse(target.render(ExpositionFormat.OPENMETRICS, 0, 0), true)).hasSize(series);
    }
  }

  @Test
  void forSeries_belowFixedSeries_isRejected() {
    assertThatThrownBy(() -> WorkloadLayout.forSeries(5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 6");
  }

  @Test
  void render_bothFormats_holdTheSameSeriesAndValues() {
    DemoTarget target = new DemoTarget(WorkloadLayout.standard(), 7, START);

    Map<Labels, Double> text = parse(target.render(ExpositionFormat.TEXT, 3, 3), false);
    Map<Labels, Double> openMetrics =
        parse(target.render(ExpositionFormat.OPENMETRICS, 3, 3), true);

    assertThat(openMetrics).isEqualTo(text);
    assertThat(text).hasSize(176);
  }

  @Test
  void render_declaresFamilyTypes() {
    DemoTarget target = new DemoTarget(WorkloadLayout.standard(), 7, START);
    byte[] body = target.render(ExpositionFormat.OPENMETRICS, 0, 0);
    TextParser parser = new OpenMetricsParser(body, body.length);
    Map<String, MetricType> types = new LinkedHashMap<>();
    Map<String, String> units = new LinkedHashMap<>();
    Entry entry;
    while ((entry = parser.next()) != Entry.EOF) {
      if (entry == Entry.TYPE) {
        types.put(parser.metricName(), parser.type());
      } else if (entry == Entry.UNIT) {
        units.put(parser.metricName(), parser.unit());
      } else if (entry == Entry.SERIES) {
        assertThat(parser.seriesType()).isNotEqualTo(MetricType.UNKNOWN);
      }
    }

    assertThat(types)
        .containsEntry("http_requests", MetricType.COUNTER)
        .containsEntry("http_request_duration_seconds", MetricType.HISTOGRAM)
        .containsEntry("process_resident_memory_bytes", MetricType.GAUGE);
    assertThat(units).containsEntry("http_request_duration_seconds", "seconds");
  }

  @Test
  void render_countersGrowAndBucketsAreCumulative() {
    DemoTarget target = new DemoTarget(WorkloadLayout.forSeries(1000), 11, START);
    Map<Labels, Double> before = parse(target.render(ExpositionFormat.TEXT, 10, 10), false);
    Map<Labels, Double> after = parse(target.render(ExpositionFormat.TEXT, 70, 70), false);

    int grown = 0;
    for (Map.Entry<Labels, Double> e : before.entrySet()) {
      String name = e.getKey().get("__name__");
      if (name.endsWith("_total") || name.endsWith("_bucket") || name.endsWith("_count")
          || name.endsWith("_sum")) {
        assertThat(after.get(e.getKey())).as(e.getKey().toString()).isGreaterThanOrEqualTo(
            e.getValue());
        grown += after.get(e.getKey()) > e.getValue() ? 1 : 0;
      }
      if (name.equals("http_request_duration_seconds_bucket")) {
        Labels previous = previousBucket(e.getKey());
        if (previous != null) {
          assertThat(e.getValue()).isGreaterThanOrEqualTo(before.get(previous));
        }
      }
      if (name.equals("http_request_duration_seconds_count")) {
        Labels infinity =
            e.getKey().toBuilder()
                .set("__name__", "http_request_duration_seconds_bucket")
                .set("le", "+Inf")
                .build();
        assertThat(before.get(infinity)).isEqualTo(e.getValue());
      }
    }
    assertThat(grown).isGreaterThan(500);
  }

  @Test
  void render_sameInstant_isDeterministic_otherSeedsDiffer() {
    WorkloadLayout layout = WorkloadLayout.standard();
    byte[] a = new DemoTarget(layout, 1, START).render(ExpositionFormat.TEXT, 5, 5);
    byte[] b = new DemoTarget(layout, 1, START).render(ExpositionFormat.TEXT, 5, 5);
    byte[] c = new DemoTarget(layout, 2, START).render(ExpositionFormat.TEXT, 5, 5);

    assertThat(a).isEqualTo(b);
    assertThat(c).isNotEqualTo(a);
    assertThat(parse(c, false).keySet()).isEqualTo(parse(a, false).keySet());
  }

  @Test
  void body_sameTick_isCached_nextTickRenders() {
    DemoTarget target = new DemoTarget(WorkloadLayout.standard(), 3, START);

    byte[] first = target.body(ExpositionFormat.TEXT, 4, 4);
    assertThat(target.body(ExpositionFormat.TEXT, 4, 4)).isSameAs(first);
    assertThat(target.body(ExpositionFormat.TEXT, 5, 5)).isNotSameAs(first);
  }

  private static @Nullable Labels previousBucket(Labels bucket) {
    String le = bucket.get("le");
    @Nullable String previous = null;
    String[] bounds = {
      "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"
    };
    for (int i = 1; i < bounds.length; i++) {
      if (bounds[i].equals(le)) {
        previous = bounds[i - 1];
      }
    }
    return previous == null ? null : bucket.toBuilder().set("le", previous).build();
  }

  /** Series and values of a body; fails on a duplicate series. */
  static Map<Labels, Double> parse(byte[] body, boolean openMetrics) {
    TextParser parser =
        openMetrics
            ? new OpenMetricsParser(body, body.length)
            : new PromTextParser(body, body.length);
    Map<Labels, Double> series = new LinkedHashMap<>();
    LabelsBuilder builder = new LabelsBuilder();
    Entry entry;
    while ((entry = parser.next()) != Entry.EOF) {
      if (entry == Entry.SERIES) {
        parser.labels(builder);
        Labels labels = builder.build();
        assertThat(series.put(labels, parser.value()))
            .as("duplicate %s in %s", labels, new String(body, StandardCharsets.UTF_8))
            .isNull();
      }
    }
    return series;
  }
}
