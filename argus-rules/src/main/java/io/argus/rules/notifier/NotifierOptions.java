package io.argus.rules.notifier;

/**
 * How a {@link Notifier} queues and sends.
 *
 * @param queueCapacity how many alerts wait at most ({@code
 *     --alertmanager.notification-queue-capacity}); when full, the oldest are dropped
 * @param maxBatchSize the most alerts one request carries (upstream: 256)
 * @param userAgent the {@code User-Agent} header of every request
 * @param drainTimeoutMillis how long {@link Notifier#close} keeps sending queued alerts before it
 *     drops (and counts) the rest
 * @param discoveryUpdateIntervalMs the minimum time between two Alertmanager updates from service
 *     discovery (upstream: 5 s)
 */
public record NotifierOptions(
    int queueCapacity,
    int maxBatchSize,
    String userAgent,
    long drainTimeoutMillis,
    long discoveryUpdateIntervalMs) {
  /** Upstream's default {@code --alertmanager.notification-queue-capacity}. */
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

  /** Upstream's most alerts per request. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 256;

  /** How long shutdown waits for the queue to drain by default. */
  public static final long DEFAULT_DRAIN_TIMEOUT_MS = 30_000;

  public NotifierOptions {
    if (queueCapacity <= 0) {
      throw new IllegalArgumentException("notification queue capacity must be positive");
    }
    if (maxBatchSize <= 0) {
      throw new IllegalArgumentException("notification batch size must be positive");
    }
    if (drainTimeoutMillis < 0 || discoveryUpdateIntervalMs <= 0) {
      throw new IllegalArgumentException("invalid notifier durations");
    }
  }

  /** Upstream's defaults with the given queue capacity and user agent. */
  public static NotifierOptions defaults(int queueCapacity, String userAgent) {
    return new NotifierOptions(
        queueCapacity,
        DEFAULT_MAX_BATCH_SIZE,
        userAgent,
        DEFAULT_DRAIN_TIMEOUT_MS,
        5_000L);
  }
}
