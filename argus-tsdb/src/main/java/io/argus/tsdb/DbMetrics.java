package io.argus.tsdb;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.DoubleSupplier;

/** The database-level metrics, under Prometheus' names. Thread-safe. */
final class DbMetrics {
  final Counter compactions;
  final Counter compactionsFailed;
  final Counter reloads;
  final Counter reloadsFailed;
  final Counter sizeRetentions;
  final Counter timeRetentions;
  final Gauge blocksBytes;

  DbMetrics(PrometheusRegistry registry, DoubleSupplier blocksLoaded, DoubleSupplier lowest) {
    compactions =
        Counter.builder()
            .name("prometheus_tsdb_compactions_total")
            .help("Total number of compactions that were executed for the partition.")
            .register(registry);
    compactionsFailed =
        Counter.builder()
            .name("prometheus_tsdb_compactions_failed_total")
            .help("Total number of compactions that failed for the partition.")
            .register(registry);
    reloads =
        Counter.builder()
            .name("prometheus_tsdb_reloads_total")
            .help("Number of times the database reloaded block data from disk.")
            .register(registry);
    reloadsFailed =
        Counter.builder()
            .name("prometheus_tsdb_reloads_failures_total")
            .help("Number of times the database failed to reloadBlocks block data from disk.")
            .register(registry);
    sizeRetentions =
        Counter.builder()
            .name("prometheus_tsdb_size_retentions_total")
            .help(
                "The number of times that blocks were deleted because the maximum number of bytes"
                    + " was exceeded.")
            .register(registry);
    timeRetentions =
        Counter.builder()
            .name("prometheus_tsdb_time_retentions_total")
            .help(
                "The number of times that blocks were deleted because the maximum time limit was"
                    + " exceeded.")
            .register(registry);
    blocksBytes =
        Gauge.builder()
            .name("prometheus_tsdb_storage_blocks_bytes")
            .help("The number of bytes that are currently used for local storage by all blocks.")
            .register(registry);
    GaugeWithCallback.builder()
        .name("prometheus_tsdb_blocks_loaded")
        .help("Number of currently loaded data blocks")
        .callback(cb -> cb.call(blocksLoaded.getAsDouble()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("prometheus_tsdb_lowest_timestamp")
        .help(
            "Lowest timestamp value stored in the database. The unit is decided by the library"
                + " consumer.")
        .callback(cb -> cb.call(lowest.getAsDouble()))
        .register(registry);
  }
}
