package io.argus.scrape.discovery;

import io.argus.scrape.config.HttpClientConfig;

/**
 * One {@code http_sd_configs} entry.
 *
 * @param url the endpoint returning the JSON list of target groups
 * @param refreshIntervalMs how often to fetch it; also the request timeout
 * @param http authentication, TLS, proxy and redirect options of its HTTP client
 */
public record HttpSdSettings(String url, long refreshIntervalMs, HttpClientConfig http)
    implements DiscovererFactory {
  /** Upstream's default refresh interval, 60 seconds. */
  public static final long DEFAULT_REFRESH_INTERVAL_MS = 60_000L;

  /** Settings with the default HTTP client options. */
  public HttpSdSettings(String url, long refreshIntervalMs) {
    this(url, refreshIntervalMs, HttpClientConfig.DEFAULT);
  }

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
    return new HttpDiscoverer(this, context.waiter(), context.metrics(), context.clock());
  }
}
