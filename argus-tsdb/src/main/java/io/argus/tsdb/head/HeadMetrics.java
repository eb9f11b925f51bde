package io.argus.tsdb.head;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The head's metrics, under Prometheus' names, registered with the injected registry. One
 * exception: client_java 1.x rejects counter names ending in {@code _created_total}
 * (prometheus/client_java#1361), so Prometheus' {@code prometheus_tsdb_head_series_created_total}
 * is exposed as {@value #SERIES_CREATED}.
 */
final class HeadMetrics {
  /** The name under which series creations are counted (see the class comment). */
  static final String SERIES_CREATED = "prometheus_tsdb_head_series_creations_total";

  final CounterDataPoint samplesAppended;
  final Counter seriesCreated;
  final Counter seriesRemoved;
  final CounterDataPoint outOfOrderSamples;
  final CounterDataPoint outOfBoundSamples;

  HeadMetrics(Head head, PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name("prometheus_tsdb_head_series")
        .help("Total number of series in the head block.")
        .callback(cb -> cb.call(head.numSeries()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("prometheus_tsdb_head_chunks")
        .help("Total number of chunks in the head block.")
        .callback(cb -> cb.call(head.numChunks()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("prometheus_tsdb_head_min_time")
        .help("Minimum time bound of the head block.")
        .callback(cb -> cb.call(head.minTime()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("prometheus_tsdb_head_max_time")
        .help("Maximum timestamp of the head block.")
        .callback(cb -> cb.call(head.maxTime()))
        .register(registry);
    samplesAppended =
        Counter.builder()
            .name("prometheus_tsdb_head_samples_appended_total")
            .help("Total number of appended samples.")
            .labelNames("type")
            .register(registry)
            .labelValues("float");
    seriesCreated =
        Counter.builder()
            .name(SERIES_CREATED)
            .help("Total number of series created in the head")
            .register(registry);
    seriesRemoved =
        Counter.builder()
            .name("prometheus_tsdb_head_series_removed_total")
            .help("Total number of series removed in the head")
            .register(registry);
    outOfOrderSamples =
        Counter.builder()
            .name("prometheus_tsdb_out_of_order_samples_total")
            .help(
                "Total number of out of order samples ingestion failed attempts due to out of"
                    + " order being disabled.")
            .labelNames("type")
            .register(registry)
            .labelValues("float");
    outOfBoundSamples =
        Counter.builder()
            .name("prometheus_tsdb_out_of_bound_samples_total")
            .help(
                "Total number of out of bound samples ingestion failed attempts with out of"
                    + " order support disabled.")
            .labelNames("type")
            .register(registry)
            .labelValues("float");
  }
}
