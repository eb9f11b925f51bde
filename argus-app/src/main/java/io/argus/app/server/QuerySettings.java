package io.argus.app.server;

/**
 * The query engine's flags.
 *
 * @param maxConcurrency {@code --query.max-concurrency}: queries that run at once; more wait
 * @param timeoutMillis {@code --query.timeout}: the longest a query may run (queueing included)
 * @param lookbackMillis {@code --query.lookback-delta}: how far back an instant selector looks
 * @param maxSamples {@code --query.max-samples}: samples one query may hold in memory at once
 */
public record QuerySettings(
    int maxConcurrency, long timeoutMillis, long lookbackMillis, int maxSamples) {
  /** Prometheus' defaults: 20 concurrent, 2m timeout, 5m lookback, 50M samples. */
  public static final QuerySettings DEFAULT = new QuerySettings(20, 120_000, 300_000, 50_000_000);

  public QuerySettings {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("--query.max-concurrency must be at least 1");
    }
    if (timeoutMillis <= 0) {
      throw new IllegalArgumentException("--query.timeout must be positive");
    }
    if (lookbackMillis <= 0) {
      throw new IllegalArgumentException("--query.lookback-delta must be positive");
    }
    if (maxSamples < 1) {
      throw new IllegalArgumentException("--query.max-samples must be positive");
    }
  }
}
