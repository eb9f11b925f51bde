package io.argus.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A handler's answer: status, content type, extra headers and a body written on demand by the HTTP
 * adapter (which may compress it). Immutable; the body writer runs once, on the thread that serves
 * the request.
 *
 * @param status the HTTP status code
 * @param contentType the {@code Content-Type}, or null when there is no body
 * @param headers further headers
 * @param body writes the body, or null for an empty body
 */
public record WebResponse(
    int status, @Nullable String contentType, Map<String, String> headers, @Nullable Body body) {
  public static final String JSON = "application/json";
  public static final String TEXT = "text/plain; charset=utf-8";

  public WebResponse {
    headers = Map.copyOf(headers);
  }

  /** Writes a response body to a stream the adapter owns (and closes). */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /** A plain-text response. */
  public static WebResponse text(int status, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new WebResponse(status, TEXT, Map.of(), out -> out.write(bytes));
  }

  /** A response without a body, e.g. 204 No Content. */
  public static WebResponse empty(int status) {
    return new WebResponse(status, null, Map.of(), null);
  }

  /** Returns this response with one more header. */
  public WebResponse withHeader(String name, String value) {
    java.util.HashMap<String, String> h = new java.util.HashMap<>(headers);
    h.put(name, value);
    return new WebResponse(status, contentType, h, body);
  }
}
