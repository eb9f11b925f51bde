package io.argus.store.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.textparse.MetricType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CounterClassifierTest {
  private static Labels named(String name) {
    return Labels.of("__name__", name, "job", "x");
  }

  @Test
  void suffix_countersByName() {
    SuffixCounterClassifier c = new SuffixCounterClassifier();

    assertThat(c.isCounter(named("http_requests_total"))).isTrue();
    assertThat(c.isCounter(named("latency_seconds_count"))).isTrue();
    assertThat(c.isCounter(named("latency_seconds_sum"))).isTrue();
    assertThat(c.isCounter(named("latency_seconds_bucket"))).isTrue();
    assertThat(c.isCounter(named("node_memory_free_bytes"))).isFalse();
    assertThat(c.isCounter(named("up"))).isFalse();
    assertThat(c.isCounter(named("total"))).isFalse();
    assertThat(c.isCounter(Labels.of("job", "x"))).isFalse();
  }

  @Test
  void metadata_typeWinsOverName_suffixRuleAsFallback() {
    MetadataCounterClassifier c =
        MetadataCounterClassifier.of(
            Map.of(
                "jobs_done", MetricType.COUNTER, // OpenMetrics family: samples jobs_done_total
                "queue_depth_total", MetricType.GAUGE, // misleading name, declared a gauge
                "processed", MetricType.COUNTER, // text format counter without _total
                "latency", MetricType.HISTOGRAM,
                "rpc", MetricType.SUMMARY,
                "queue_size", MetricType.GAUGEHISTOGRAM,
                "mystery_total", MetricType.UNKNOWN));

    assertThat(c.isCounter(named("jobs_done_total"))).isTrue();
    assertThat(c.isCounter(named("jobs_done_created"))).isFalse();
    assertThat(c.isCounter(named("queue_depth_total"))).isFalse();
    assertThat(c.isCounter(named("processed"))).isTrue();
    assertThat(c.isCounter(named("latency_bucket"))).isTrue();
    assertThat(c.isCounter(named("latency_count"))).isTrue();
    assertThat(c.isCounter(named("latency_sum"))).isTrue();
    assertThat(c.isCounter(named("latency"))).isFalse();
    assertThat(c.isCounter(named("rpc_count"))).isTrue();
    assertThat(c.isCounter(named("rpc_sum"))).isTrue();
    assertThat(c.isCounter(named("rpc"))).isFalse();
    assertThat(c.isCounter(named("rpc_bucket"))).isFalse();
    assertThat(c.isCounter(named("queue_size_bucket"))).isFalse();
    // no metadata, or unknown: the suffix rule
    assertThat(c.isCounter(named("mystery_total"))).isTrue();
    assertThat(c.isCounter(named("other_seconds_sum"))).isTrue();
    assertThat(c.isCounter(named("temperature"))).isFalse();
  }

  @Test
  void metadata_lookupFunction() {
    MetadataCounterClassifier c =
        new MetadataCounterClassifier(name -> name.startsWith("g") ? MetricType.GAUGE : null);

    assertThat(c.isCounter(named("g_total"))).isFalse();
    assertThat(c.isCounter(named("h_total"))).isTrue();
  }
}
