package io.argus.app.cli;

import org.jspecify.annotations.Nullable;

/**
 * A {@code host:port} to listen on, as in {@code --web.listen-address}: {@code 0.0.0.0:9090},
 * {@code 127.0.0.1:0} (any free port), {@code [::1]:9090}, or {@code :9090} for every interface.
 *
 * @param host the host name or IP literal (without brackets), or {@code null} for every interface
 * @param port 0 to 65535; 0 lets the operating system choose
 */
public record ListenAddress(@Nullable String host, int port) {
  public ListenAddress {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("invalid port " + port);
    }
  }

  /**
   * Parses {@code host:port}.
   *
   * @throws IllegalArgumentException in the wording of Go's address errors
   */
  public static ListenAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("address %s: missing port in address".formatted(text));
    }
    String host = text.substring(0, colon);
    String portText = text.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("address %s: too many colons in address".formatted(text));
    }
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("address %s: invalid port".formatted(text));
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("address %s: invalid port".formatted(text));
    }
    return new ListenAddress(host.isEmpty() ? null : host, port);
  }

  /** Formats back to {@code host:port}, bracketing IPv6 literals. */
  @Override
  public String toString() {
    String h = host == null ? "" : host.contains(":") ? "[" + host + "]" : host;
    return h + ":" + port;
  }
}
