package io.argus.scrape.config;

import io.argus.model.relabel.RelabelConfig;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code remote_write}, with Prometheus' defaults filled in; durations in
 * milliseconds.
 *
 * @param url where write requests are POSTed
 * @param name the queue's name ({@code remote_name} label); empty when not configured, in which
 *     case the sender derives one from a hash of the entry
 * @param headers extra request headers; never one of the reserved ones
 * @param protobufMessage {@link #PROTO_V1} or {@link #PROTO_V2}
 * @param roundRobinDns {@code round_robin_dns}; accepted and not acted upon
 * @param http the HTTP client options; remote write defaults {@code enable_http2} to false
 */
public record RemoteWriteConfig(
    String url,
    String name,
    long remoteTimeoutMillis,
    Map<String, String> headers,
    List<RelabelConfig> writeRelabelConfigs,
    boolean sendExemplars,
    boolean sendNativeHistograms,
    boolean roundRobinDns,
    String protobufMessage,
    QueueConfig queueConfig,
    MetadataConfig metadataConfig,
    HttpClientConfig http) {
  public static final long DEFAULT_REMOTE_TIMEOUT_MS = 30_000;

  /** The remote write 1.0 message, {@code prometheus.WriteRequest} (the default). */
  public static final String PROTO_V1 = "prometheus.WriteRequest";

  /** The remote write 2.0 message, {@code io.prometheus.write.v2.Request}. */
  public static final String PROTO_V2 = "io.prometheus.write.v2.Request";

  public RemoteWriteConfig {
    headers = Map.copyOf(headers);
    writeRelabelConfigs = List.copyOf(writeRelabelConfigs);
  }

  /**
   * {@code queue_config}; durations in milliseconds.
   *
   * @param capacity samples buffered per shard before appending blocks
   * @param sampleAgeLimitMillis samples older than this are dropped instead of sent; 0 keeps all
   * @param newestFirst Argus' {@code argus_newest_first} extension; {@link NewestFirst#OFF} when
   *     absent (upstream behaviour)
   */
  public record QueueConfig(
      int capacity,
      int maxShards,
      int minShards,
      int maxSamplesPerSend,
      long batchSendDeadlineMillis,
      long minBackoffMillis,
      long maxBackoffMillis,
      boolean retryOnHttp429,
      long sampleAgeLimitMillis,
      NewestFirst newestFirst) {
    public static final QueueConfig DEFAULT =
        new QueueConfig(10_000, 50, 1, 2_000, 5_000, 30, 5_000, false, 0, NewestFirst.OFF);
  }

  /**
   * {@code queue_config.argus_newest_first}, an Argus extension (Prometheus rejects the field):
   * once the queue has fallen behind the newest sample in storage by more than {@code
   * backlogMillis}, a live tail sends the newest data while a backfill drains the older part of the
   * WAL. The receiver must accept out-of-order samples for as far back as the backlog reaches.
   *
   * @param backlogMillis the lag that starts a backfill, also how far back the live tail starts; 0
   *     turns the extension off
   * @param shards shards of the backfill, fixed
   * @param maxSamplesPerSecond the backfill's rate bound; 0 is unbounded
   */
  public record NewestFirst(long backlogMillis, int shards, long maxSamplesPerSecond) {
    public static final NewestFirst OFF = new NewestFirst(0, 2, 0);

    /** Whether backfills happen at all. */
    public boolean enabled() {
      return backlogMillis > 0;
    }
  }

  /**
   * {@code metadata_config}.
   *
   * @param send whether metric metadata is sent
   * @param sendIntervalMillis how often it is sent
   * @param maxSamplesPerSend metadata entries per request
   */
  public record MetadataConfig(boolean send, long sendIntervalMillis, int maxSamplesPerSend) {
    public static final MetadataConfig DEFAULT = new MetadataConfig(true, 60_000, 2_000);
  }
}
