package io.argus.scrape.config;

import io.argus.model.relabel.RelabelConfig;
import java.util.List;
import java.util.Map;

/** One entry of {@code remote_write}; timeouts in milliseconds. */
public record RemoteWriteConfig(
    String url,
    String name,
    long remoteTimeoutMillis,
    Map<String, String> headers,
    List<RelabelConfig> writeRelabelConfigs,
    boolean sendExemplars,
    QueueConfig queueConfig,
    HttpClientConfig http) {
  public static final long DEFAULT_REMOTE_TIMEOUT_MS = 30_000;

  /** {@code queue_config}; durations in milliseconds. */
  public record QueueConfig(
      int capacity,
      int maxShards,
      int minShards,
      int maxSamplesPerSend,
      long batchSendDeadlineMillis,
      long minBackoffMillis,
      long maxBackoffMillis,
      boolean retryOnHttp429) {
    public static final QueueConfig DEFAULT =
        new QueueConfig(10_000, 50, 1, 2_000, 5_000, 30, 5_000, false);
  }
}
