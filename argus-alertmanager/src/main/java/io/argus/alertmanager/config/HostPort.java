package io.argus.alertmanager.config;

/**
 * A {@code host:port} network address (SMTP smarthost); both parts empty when unset.
 *
 * @param host host name or address, without IPv6 brackets
 * @param port port number or service name, non-empty when the host is set
 */
public record HostPort(String host, String port) {
  public static final HostPort EMPTY = new HostPort("", "");

  /**
   * Parses as Go's {@code net.SplitHostPort} plus upstream's non-empty port check.
   *
   * @throws ConfigException e.g. {@code address localhost: missing port in address}
   */
  static HostPort parse(String s) throws ConfigException {
    if (s.isEmpty()) {
      return EMPTY;
    }
    String host;
    String port;
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      throw addrError(s, "missing port in address");
    }
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw addrError(s, "missing ']' in address");
      }
      if (close + 1 == s.length()) {
        throw addrError(s, "missing port in address");
      }
      if (close + 1 != colon) {
        throw addrError(
            s,
            s.charAt(close + 1) == ':' ? "too many colons in address" : "missing port in address");
      }
      host = s.substring(1, close);
      if (host.contains("[") || host.contains("]")) {
        throw addrError(s, "unexpected '[' in address");
      }
    } else {
      host = s.substring(0, colon);
      if (host.indexOf(':') >= 0) {
        throw addrError(s, "too many colons in address");
      }
      if (host.indexOf('[') >= 0) {
        throw addrError(s, "unexpected '[' in address");
      }
      if (host.indexOf(']') >= 0) {
        throw addrError(s, "unexpected ']' in address");
      }
    }
    port = s.substring(colon + 1);
    if (port.indexOf('[') >= 0) {
      throw addrError(s, "unexpected '[' in address");
    }
    if (port.indexOf(']') >= 0) {
      throw addrError(s, "unexpected ']' in address");
    }
    if (port.isEmpty()) {
      throw new ConfigException("address " + GoStrings.quote(s) + ": port cannot be empty");
    }
    return new HostPort(host, port);
  }

  private static ConfigException addrError(String addr, String err) {
    return new ConfigException("address " + addr + ": " + err);
  }

  public boolean isEmpty() {
    return host.isEmpty() && port.isEmpty();
  }

  @Override
  public String toString() {
    return isEmpty() ? "" : host + ":" + port;
  }
}
