package io.argus.app.cli;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The URL under which a server is reachable from outside ({@code --web.external-url}), checked and
 * normalised as Prometheus does. Not instantiable; thread-safe.
 */
public final class ExternalUrls {
  private ExternalUrls() {}

  /**
   * Parses a {@code --web.external-url} value: it must not begin or end with a quote; its path
   * loses trailing slashes and gets a leading one when it has none.
   *
   * @throws IllegalArgumentException {@code URL must not begin or end with quotes}, or why the URL
   *     does not parse
   */
  public static URI parse(String value) {
    if (startsOrEndsWithQuote(value)) {
      throw new IllegalArgumentException("URL must not begin or end with quotes");
    }
    URI u;
    try {
      u = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "parse \"" + value + "\": " + e.getReason() + " at index " + e.getIndex(), e);
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    path = path.substring(0, end);
    if (!path.isEmpty() && !path.startsWith("/")) {
      path = "/" + path;
    }
    if (u.isOpaque()) {
      return u;
    }
    StringBuilder sb = new StringBuilder();
    if (u.getScheme() != null) {
      sb.append(u.getScheme()).append(':');
    }
    if (u.getRawAuthority() != null) {
      sb.append("//").append(u.getRawAuthority());
    }
    sb.append(path);
    if (u.getRawQuery() != null) {
      sb.append('?').append(u.getRawQuery());
    }
    if (u.getRawFragment() != null) {
      sb.append('#').append(u.getRawFragment());
    }
    return URI.create(sb.toString());
  }

  /**
   * The URL Prometheus derives when the flag is absent: {@code http://<hostname>:<port>} (the
   * normalised form of {@code http://<hostname>:<port>/}).
   */
  public static URI derived(String hostname, int port) {
    String host = hostname.contains(":") ? "[" + hostname + "]" : hostname;
    return parse("http://" + host + ":" + port + "/");
  }

  private static boolean startsOrEndsWithQuote(String s) {
    return s.startsWith("\"") || s.startsWith("'") || s.endsWith("\"") || s.endsWith("'");
  }
}
