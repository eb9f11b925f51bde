package io.argus.remote.write;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The {@code prometheus_remote_storage_*} metric families, with Prometheus' names and help texts,
 * registered once per registry; {@link #forQueue} hands out one queue's children (labels {@code
 * remote_name} and {@code url}) and {@link Queue#remove} drops them when the queue stops.
 * Thread-safe.
 */
final class RemoteWriteMetrics {
  private static final String P = "prometheus_remote_storage_";
  private static final String[] QUEUE = {"remote_name", "url"};

  final Gauge highestTimestampIn;
  private final Counter samples;
  private final Counter failed;
  private final Counter retried;
  private final Counter dropped;
  private final Counter enqueueRetries;
  private final Counter bytes;
  private final Histogram sentBatchDuration;
  private final Gauge queueHighest;
  private final Gauge queueHighestSent;
  private final Gauge pending;
  private final Gauge shardCapacity;
  private final Gauge shards;
  private final Gauge shardsMax;
  private final Gauge shardsMin;
  private final Gauge shardsDesired;
  private final Gauge maxSamplesPerSend;
  private final Counter backfillSamples;
  private final Counter backfills;
  private final Gauge backfillActive;

  RemoteWriteMetrics(PrometheusRegistry registry) {
    highestTimestampIn =
        Gauge.builder()
            .name(P + "highest_timestamp_in_seconds")
            .help(
                "Highest timestamp that has come into the remote storage via the Appender"
                    + " interface, in seconds since epoch. Initialized to 0 when no data has been"
                    + " received yet.")
            .register(registry);
    samples = counter(registry, "samples_total", "Total number of samples sent to remote storage.");
    failed =
        counter(
            registry,
            "samples_failed_total",
            "Total number of samples which failed on send to remote storage, non-recoverable"
                + " errors.");
    retried =
        counter(
            registry,
            "samples_retried_total",
            "Total number of samples which failed on send to remote storage but were retried"
                + " because the send error was recoverable.");
    dropped =
        Counter.builder()
            .name(P + "samples_dropped_total")
            .help(
                "Total number of samples which were dropped after being read from the WAL before"
                    + " being sent via remote write, either via relabelling, due to being too old"
                    + " or unintentionally because of an unknown reference ID.")
            .labelNames("remote_name", "url", "reason")
            .register(registry);
    enqueueRetries =
        counter(
            registry,
            "enqueue_retries_total",
            "Total number of times enqueue has failed because a shards queue was full.");
    bytes =
        counter(
            registry,
            "bytes_total",
            "The total number of bytes of data (not metadata) sent by the queue after"
                + " compression.");
    sentBatchDuration =
        Histogram.builder()
            .name(P + "sent_batch_duration_seconds")
            .help("Duration of send calls to the remote storage.")
            .classicUpperBounds(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 25, 60, 120, 300)
            .classicOnly()
            .labelNames(QUEUE)
            .register(registry);
    queueHighest =
        gauge(
            registry,
            "queue_highest_timestamp_seconds",
            "Highest timestamp that was enqueued, in seconds since epoch. Initialized to 0 when no"
                + " data has been received yet.");
    queueHighestSent =
        gauge(
            registry,
            "queue_highest_sent_timestamp_seconds",
            "Highest timestamp successfully sent by this queue, in seconds since epoch."
                + " Initialized to 0 when no data has been sent yet.");
    pending =
        gauge(
            registry,
            "samples_pending",
            "The number of samples pending in the queues shards to be sent to the remote"
                + " storage.");
    shardCapacity =
        gauge(
            registry,
            "shard_capacity",
            "The capacity of each shard of the queue used for parallel sending to the remote"
                + " storage.");
    shards =
        gauge(
            registry,
            "shards",
            "The number of shards used for parallel sending to the remote storage.");
    shardsMax =
        gauge(
            registry,
            "shards_max",
            "The maximum number of shards that the queue is allowed to run.");
    shardsMin =
        gauge(
            registry,
            "shards_min",
            "The minimum number of shards that the queue is allowed to run.");
    shardsDesired =
        gauge(
            registry,
            "shards_desired",
            "The number of shards that the queues shard calculation wants to run based on the"
                + " rate of samples in vs. samples out.");
    maxSamplesPerSend =
        gauge(
            registry,
            "max_samples_per_send",
            "The maximum number of samples to be sent, in a single request, to the remote"
                + " storage.");
    backfillSamples =
        argusCounter(
            registry,
            "backfill_samples_total",
            "Samples sent by backfills, the older part of a backlog sent after the newest data.");
    backfills =
        argusCounter(
            registry,
            "backfills_total",
            "Backfills started because the queue fell behind by more than the configured"
                + " backlog.");
    backfillActive =
        Gauge.builder()
            .name("argus_remote_storage_backfill_active")
            .help("1 while a backfill of the queue is running.")
            .labelNames(QUEUE)
            .register(registry);
  }

  private static Counter argusCounter(PrometheusRegistry r, String name, String help) {
    return Counter.builder()
        .name("argus_remote_storage_" + name)
        .help(help)
        .labelNames(QUEUE)
        .register(r);
  }

  private static Counter counter(PrometheusRegistry r, String name, String help) {
    return Counter.builder().name(P + name).help(help).labelNames(QUEUE).register(r);
  }

  private static Gauge gauge(PrometheusRegistry r, String name, String help) {
    return Gauge.builder().name(P + name).help(help).labelNames(QUEUE).register(r);
  }

  /** One queue's metrics. */
  Queue forQueue(String remoteName, String url) {
    return new Queue(remoteName, url);
  }

  /** The children of one queue; thread-safe. */
  final class Queue {
    private final String remoteName;
    private final String url;
    final CounterDataPoint samples;
    final CounterDataPoint failed;
    final CounterDataPoint retried;
    final CounterDataPoint droppedTooOld;
    final CounterDataPoint droppedSeries;
    final CounterDataPoint droppedUnknownSeries;
    final CounterDataPoint enqueueRetries;
    final CounterDataPoint bytes;
    final DistributionDataPoint sentBatchDuration;
    final GaugeDataPoint highest;
    final GaugeDataPoint highestSent;
    final GaugeDataPoint pending;
    final GaugeDataPoint shardCapacity;
    final GaugeDataPoint shards;
    final GaugeDataPoint shardsMax;
    final GaugeDataPoint shardsMin;
    final GaugeDataPoint shardsDesired;
    final GaugeDataPoint maxSamplesPerSend;
    final CounterDataPoint backfillSamples;
    final CounterDataPoint backfills;
    final GaugeDataPoint backfillActive;

    private Queue(String remoteName, String url) {
      this.remoteName = remoteName;
      this.url = url;
      RemoteWriteMetrics m = RemoteWriteMetrics.this;
      samples = m.samples.labelValues(remoteName, url);
      failed = m.failed.labelValues(remoteName, url);
      retried = m.retried.labelValues(remoteName, url);
      droppedTooOld = m.dropped.labelValues(remoteName, url, "too_old");
      droppedSeries = m.dropped.labelValues(remoteName, url, "dropped_series");
      droppedUnknownSeries =
          m.dropped.labelValues(remoteName, url, "unintentionally_dropped_series");
      enqueueRetries = m.enqueueRetries.labelValues(remoteName, url);
      bytes = m.bytes.labelValues(remoteName, url);
      sentBatchDuration = m.sentBatchDuration.labelValues(remoteName, url);
      highest = m.queueHighest.labelValues(remoteName, url);
      highestSent = m.queueHighestSent.labelValues(remoteName, url);
      pending = m.pending.labelValues(remoteName, url);
      shardCapacity = m.shardCapacity.labelValues(remoteName, url);
      shards = m.shards.labelValues(remoteName, url);
      shardsMax = m.shardsMax.labelValues(remoteName, url);
      shardsMin = m.shardsMin.labelValues(remoteName, url);
      shardsDesired = m.shardsDesired.labelValues(remoteName, url);
      maxSamplesPerSend = m.maxSamplesPerSend.labelValues(remoteName, url);
      backfillSamples = m.backfillSamples.labelValues(remoteName, url);
      backfills = m.backfills.labelValues(remoteName, url);
      backfillActive = m.backfillActive.labelValues(remoteName, url);
    }

    /** Drops this queue's series from every family. */
    void remove() {
      RemoteWriteMetrics m = RemoteWriteMetrics.this;
      for (Counter c :
          new Counter[] {
            m.samples,
            m.failed,
            m.retried,
            m.enqueueRetries,
            m.bytes,
            m.backfillSamples,
            m.backfills
          }) {
        c.remove(remoteName, url);
      }
      for (String reason :
          new String[] {"too_old", "dropped_series", "unintentionally_dropped_series"}) {
        m.dropped.remove(remoteName, url, reason);
      }
      m.sentBatchDuration.remove(remoteName, url);
      for (Gauge g :
          new Gauge[] {
            m.queueHighest,
            m.queueHighestSent,
            m.pending,
            m.shardCapacity,
            m.shards,
            m.shardsMax,
            m.shardsMin,
            m.shardsDesired,
            m.maxSamplesPerSend,
            m.backfillActive
          }) {
        g.remove(remoteName, url);
      }
    }
  }
}
