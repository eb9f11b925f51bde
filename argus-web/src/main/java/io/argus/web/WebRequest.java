package io.argus.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as the handlers see it, independent of the HTTP server: the method, the decoded
 * path, the parameters of the query string and of an {@code application/x-www-form-urlencoded}
 * body, and the headers. Immutable and thread-safe.
 *
 * @param method the HTTP method in upper case, e.g. {@code GET}
 * @param path the decoded path, e.g. {@code /api/v1/label/job/values}
 * @param params every parameter with all its values in order; form body values come before
 *     query-string values, so {@link #param} prefers the body as Go's {@code FormValue} does
 * @param headers header values by lower-case name (repeated headers joined with {@code ", "})
 * @param body the raw body of a POST, PUT, PATCH or DELETE request that is not form-encoded (e.g.
 *     JSON), empty otherwise; callers must not modify it
 */
public record WebRequest(
    String method,
    String path,
    Map<String, List<String>> params,
    Map<String, String> headers,
    byte[] body) {
  private static final byte[] NO_BODY = new byte[0];

  public WebRequest {
    params = Map.copyOf(params);
    headers = Map.copyOf(headers);
  }

  /** A request without a raw body. */
  public WebRequest(
      String method, String path, Map<String, List<String>> params, Map<String, String> headers) {
    this(method, path, params, headers, NO_BODY);
  }

  /** The first value of {@code name}, or the empty string when absent (Go's FormValue). */
  public String param(String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? "" : values.getFirst();
  }

  /** Every value of {@code name}, e.g. all {@code match[]} selectors; empty when absent. */
  public List<String> params(String name) {
    List<String> values = params.get(name);
    return values == null ? List.of() : values;
  }

  /** The value of header {@code name} (any case), or null. */
  public @Nullable String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** Whether the method is GET or HEAD. */
  public boolean isGetOrHead() {
    return method.equals("GET") || method.equals("HEAD");
  }
}
