package io.argus.scrape.config;

import java.util.Map;

/** One entry of {@code remote_read}; timeout in milliseconds. */
public record RemoteReadConfig(
    String url,
    String name,
    long remoteTimeoutMillis,
    Map<String, String> headers,
    Map<String, String> requiredMatchers,
    boolean readRecent,
    HttpClientConfig http) {
  public static final long DEFAULT_REMOTE_TIMEOUT_MS = 60_000;
}
