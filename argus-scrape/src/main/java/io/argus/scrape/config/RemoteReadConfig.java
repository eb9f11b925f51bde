package io.argus.scrape.config;

import java.util.Map;

/**
 * One entry of {@code remote_read}, with Prometheus' defaults: {@code remote_timeout} 1m (in
 * milliseconds here), {@code read_recent} false, {@code filter_external_labels} true.
 *
 * @param requiredMatchers equality matchers a query must carry for this endpoint to be asked
 * @param readRecent whether to ask the endpoint also for ranges the local storage covers
 * @param filterExternalLabels whether the external labels are sent as equality matchers (and
 *     removed from the answer)
 */
public record RemoteReadConfig(
    String url,
    String name,
    long remoteTimeoutMillis,
    Map<String, String> headers,
    Map<String, String> requiredMatchers,
    boolean readRecent,
    boolean filterExternalLabels,
    HttpClientConfig http) {
  public static final long DEFAULT_REMOTE_TIMEOUT_MS = 60_000;
}
