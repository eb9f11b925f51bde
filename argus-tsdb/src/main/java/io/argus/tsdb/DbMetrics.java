package io.argus.tsdb;

import io.argus.tsdb.fs.FileSpace;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The database-level metrics, under Prometheus' names, plus Argus' own file-system gauges (for
 * the disk-filling alert of {@code argus up}). Thread-safe.
 */
final class DbMetrics {
  final Counter compactions;
  final Counter compactionsFailed;
  final Counter reloads;
  final Counter reloadsFailed;
  final Counter sizeRetentions;
  final Counter timeRetentions;
  final Gauge blocksBytes;

  /** What the callback gauges read; each call may touch the file system. */
  interface Readings {
    double blocksLoaded();

    double lowestTimestamp();

    /** The index of the WAL segment being written. */
    double walSegmentCurrent();

    /** The bytes of the WAL directory, checkpoints included; NaN when it cannot be read. */
    double walBytes();

    /** The file system holding the data directory, or null when it cannot be read. */
    @Nullable FileSpace dataFileSpace();
  }

  DbMetrics(PrometheusRegistry registry, Readings readings) {
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
        .callback(cb -> cb.call(readings.blocksLoaded()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("prometheus_tsdb_lowest_timestamp")
        .help(
            "Lowest timestamp value stored in the database. The unit is decided by the library"
                + " consumer.")
        .callback(cb -> cb.call(readings.lowestTimestamp()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("prometheus_tsdb_wal_segment_current")
        .help("Write log segment index that TSDB is currently writing to.")
        .callback(cb -> cb.call(readings.walSegmentCurrent()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("prometheus_tsdb_wal_storage_size_bytes")
        .help("Size of the write log directory.")
        .callback(cb -> cb.call(readings.walBytes()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("argus_tsdb_filesystem_size_bytes")
        .help("Size of the file system that holds the TSDB data directory.")
        .callback(
            cb -> {
              FileSpace space = readings.dataFileSpace();
              if (space != null) {
                cb.call(space.totalBytes());
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("argus_tsdb_filesystem_avail_bytes")
        .help(
            "Bytes still available to Argus on the file system that holds the TSDB data"
                + " directory.")
        .callback(
            cb -> {
              FileSpace space = readings.dataFileSpace();
              if (space != null) {
                cb.call(space.usableBytes());
              }
            })
        .register(registry);
  }
}
