package io.argus.scrape.discovery;

/**
 * One {@code http_sd_configs} entry.
 *
 * @param url the endpoint returning the JSON list of target groups
 * @param refreshIntervalMs how often to fetch it; also the request timeout
 */
public record HttpSdSettings(String url, long refreshIntervalMs) implements DiscovererFactory {
  /** Upstream's default refresh interval, 60 seconds. */
  public static final long DEFAULT_REFRESH_INTERVAL_MS = 60_000L;

  public HttpSdSettings {
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException("URL scheme must be 'http' or 'https'");
    }
    if (refreshIntervalMs <= 0) {
      throw new IllegalArgumentException("refresh_interval must be positive");
    }
  }

  @Override
  public Discoverer create(DiscoveryContext context) {
    return new HttpDiscoverer(this, context.waiter(), context.metrics());
  }
}
