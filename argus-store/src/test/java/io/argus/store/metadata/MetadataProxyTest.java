package io.argus.store.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.model.textparse.MetricType;
import io.argus.store.LabelRequest;
import io.argus.store.MemoryStore;
import io.argus.store.SeriesRequest;
import io.argus.store.SeriesStore;
import io.argus.store.StoreException;
import io.argus.store.StoreInfo;
import io.argus.store.StoreSeriesSet;
import io.argus.store.proxy.StoreEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link MetadataProxy} over several endpoints, and {@link MetricTypeCache} over it. */
class MetadataProxyTest {
  private static final MetricMeta COUNTER = new MetricMeta("counter", "Requests.", "");
  private static final MetricMeta GAUGE = new MetricMeta("gauge", "Temperature.", "celsius");

  /** A store that also serves metadata, answering from a mutable reference. */
  private static final class MetaStore implements SeriesStore, MetricMetadataSource {
    private final MemoryStore store;
    final AtomicReference<MetadataResult> answer;

    MetaStore(String name, MetadataResult answer) {
      this.store = MemoryStore.of(name, Labels.of("replica", name));
      this.answer = new AtomicReference<>(answer);
    }

    @Override
    public MetadataResult metricMetadata(String metric, int limit, boolean partialResponse) {
      MetadataResult r = answer.get();
      if (r == null) {
        throw new StoreException("connection refused");
      }
      return r;
    }

    @Override
    public String name() {
      return store.name();
    }

    @Override
    public StoreInfo info() {
      return store.info();
    }

    @Override
    public StoreSeriesSet series(SeriesRequest request) {
      return store.series(request);
    }

    @Override
    public LabelResult labelNames(LabelRequest request) {
      return store.labelNames(request);
    }

    @Override
    public LabelResult labelValues(String name, LabelRequest request) {
      return store.labelValues(name, request);
    }
  }

  private static MetadataResult of(Map<String, List<MetricMeta>> m) {
    return new MetadataResult(m, List.of());
  }

  private static StoreEndpoint healthy(SeriesStore s) {
    return StoreEndpoint.healthy(s, s.info());
  }

  @Test
  void metricMetadata_mergesDistinctTriplesAndAppliesTheLimitInNameOrder() {
    MetaStore a =
        new MetaStore("a", of(Map.of("requests", List.of(COUNTER), "temp", List.of(GAUGE))));
    MetaStore b =
        new MetaStore(
            "b",
            of(
                Map.of(
                    "requests",
                    List.of(COUNTER, new MetricMeta("counter", "Other help.", "")),
                    "alpha",
                    List.of(GAUGE))));
    // A store without the Metadata API is not asked and not a failure.
    MemoryStore plain = MemoryStore.of("plain", Labels.EMPTY);
    MetadataProxy proxy =
        new MetadataProxy(() -> List.of(healthy(a), healthy(b), healthy(plain)), Duration.ZERO);

    MetadataResult all = proxy.metricMetadata("", -1, false);
    assertThat(all.metadata().keySet()).containsExactly("alpha", "requests", "temp");
    assertThat(all.metadata().get("requests"))
        .containsExactly(COUNTER, new MetricMeta("counter", "Other help.", ""));
    assertThat(all.warnings()).isEmpty();
    assertThat(proxy.metricMetadata("", 2, true).metadata().keySet())
        .containsExactly("alpha", "requests");
  }

  @Test
  void metricMetadata_failingOrUnhealthyEndpoint_warnsOrFailsNamingIt() {
    MetaStore a = new MetaStore("a", of(Map.of("requests", List.of(COUNTER))));
    MetaStore b = new MetaStore("b", null);
    MetaStore c = new MetaStore("c", of(Map.of()));
    StoreEndpoint unhealthyC =
        new StoreEndpoint("c", c, c.info(), false, false, "info: deadline exceeded", 1);
    MetadataProxy proxy =
        new MetadataProxy(() -> List.of(healthy(a), healthy(b), unhealthyC), Duration.ZERO);

    MetadataResult warned = proxy.metricMetadata("", -1, true);
    assertThat(warned.metadata()).containsOnlyKeys("requests");
    assertThat(warned.warnings())
        .containsExactly(
            "endpoint c is unhealthy: info: deadline exceeded",
            "fetch metric metadata from b: connection refused");
    assertThatThrownBy(() -> proxy.metricMetadata("", -1, false))
        .isInstanceOf(StoreException.class)
        .hasMessage("endpoint c is unhealthy: info: deadline exceeded");
    assertThatThrownBy(
            () ->
                new MetadataProxy(() -> List.of(healthy(a), healthy(b)), Duration.ZERO)
                    .metricMetadata("", -1, false))
        .isInstanceOf(StoreException.class)
        .hasMessage("fetch metric metadata from b: connection refused");
    assertThatThrownBy(
            () -> new MetadataProxy(List::of, Duration.ZERO).metricMetadata("", -1, false))
        .hasMessage("No StoreAPIs available");
  }

  @Test
  void typeCache_knowsAgreedTypes_keepsFamiliesOfDownEndpoints_andIsBounded() {
    MetaStore a =
        new MetaStore(
            "a",
            of(
                Map.of(
                    "requests", List.of(COUNTER),
                    "temp", List.of(GAUGE),
                    "mixed", List.of(COUNTER),
                    "opaque", List.of(new MetricMeta("unknown", "", "")))));
    MetaStore b =
        new MetaStore(
            "b",
            of(
                Map.of(
                    "mixed",
                    List.of(GAUGE),
                    "latency",
                    List.of(new MetricMeta("histogram", "", "")))));
    List<StoreEndpoint> endpoints = new ArrayList<>(List.of(healthy(a), healthy(b)));
    MetricTypeCache cache =
        new MetricTypeCache(new MetadataProxy(() -> endpoints, Duration.ZERO), 100);
    assertThat(cache.typeOf("requests")).as("nothing before the first refresh").isNull();

    cache.refresh();
    assertThat(cache.typeOf("requests")).isEqualTo(MetricType.COUNTER);
    assertThat(cache.typeOf("temp")).isEqualTo(MetricType.GAUGE);
    assertThat(cache.typeOf("latency")).isEqualTo(MetricType.HISTOGRAM);
    assertThat(cache.typeOf("mixed")).as("declared differently").isNull();
    assertThat(cache.typeOf("opaque")).isNull();
    assertThat(cache.size()).isEqualTo(3);

    // a goes down: its families keep their types while the fetch is partial.
    a.answer.set(null);
    cache.refresh();
    assertThat(cache.typeOf("requests")).isEqualTo(MetricType.COUNTER);
    assertThat(cache.typeOf("latency")).isEqualTo(MetricType.HISTOGRAM);

    // a is removed from the set: a complete fetch forgets what only a declared.
    endpoints.remove(0);
    cache.refresh();
    assertThat(cache.typeOf("requests")).isNull();
    assertThat(cache.typeOf("latency")).isEqualTo(MetricType.HISTOGRAM);

    MetricTypeCache small =
        new MetricTypeCache(new MetadataProxy(() -> List.of(healthy(b)), Duration.ZERO), 1);
    small.refresh();
    assertThat(small.size()).isEqualTo(1);
    assertThat(small.typeOf("latency")).isEqualTo(MetricType.HISTOGRAM);
  }
}
