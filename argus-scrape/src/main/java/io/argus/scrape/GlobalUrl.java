package io.argus.scrape;

import java.net.URI;
import java.util.Set;

/**
 * The {@code globalUrl} of {@code /api/v1/targets}: a scrape URL as seen from outside this host.
 * Stateless and thread-safe.
 */
public final class GlobalUrl {
  private static final Set<String> LOCALHOST = Set.of("127.0.0.1", "localhost", "::1");

  private GlobalUrl() {}

  /**
   * Rewrites a scrape URL that points at this host, as Prometheus does. A URL whose host is {@code
   * 127.0.0.1}, {@code localhost} or {@code ::1} gets the external URL's scheme, host and port when
   * its port is the one the server listens on (the server scrapes itself), and otherwise only the
   * external URL's host name. Any other URL, and any URL without an explicit port, is returned
   * unchanged; so is a URL that would need the external URL's port when that has none.
   *
   * @param listenAddress the server's listen address, {@code host:port} or {@code :port}
   * @param externalUrl the URL under which the server is reachable from outside
   */
  public static URI of(URI scrapeUrl, String listenAddress, URI externalUrl) {
    String host = scrapeUrl.getHost();
    int port = scrapeUrl.getPort();
    if (host == null || port < 0 || !LOCALHOST.contains(unbracket(host))) {
      return scrapeUrl;
    }
    String scheme = scrapeUrl.getScheme();
    String authority;
    if (Integer.toString(port).equals(portOf(listenAddress))) {
      scheme = externalUrl.getScheme();
      authority = externalUrl.getRawAuthority();
    } else {
      String externalHost = externalUrl.getHost();
      if (externalHost == null || externalUrl.getPort() < 0) {
        return scrapeUrl;
      }
      authority = externalHost + ":" + port;
    }
    StringBuilder sb = new StringBuilder().append(scheme).append("://").append(authority);
    sb.append(scrapeUrl.getRawPath() == null ? "" : scrapeUrl.getRawPath());
    if (scrapeUrl.getRawQuery() != null) {
      sb.append('?').append(scrapeUrl.getRawQuery());
    }
    return URI.create(sb.toString());
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static String portOf(String listenAddress) {
    int colon = listenAddress.lastIndexOf(':');
    return colon < 0 ? "" : listenAddress.substring(colon + 1);
  }
}
