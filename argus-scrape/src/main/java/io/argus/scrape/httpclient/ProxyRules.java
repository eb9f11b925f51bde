package io.argus.scrape.httpclient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the HTTP proxy of a request like upstream: {@code proxy_url} alone proxies every request;
 * with {@code no_proxy}, or with {@code proxy_from_environment} ({@code HTTP_PROXY}, {@code
 * HTTPS_PROXY}, {@code NO_PROXY} or their lower-case forms), Go's rules apply: {@code localhost}
 * and loopback addresses are never proxied, and {@code NO_PROXY} lists host names (matching their
 * subdomains too; a leading dot matches only subdomains), IP addresses and CIDR ranges, each with
 * an optional port, or {@code *} for everything. Immutable and thread-safe.
 */
public final class ProxyRules extends ProxySelector {
  private final @Nullable URI httpProxy;
  private final @Nullable URI httpsProxy;
  private final boolean goRules;
  private final List<String> noProxy;

  private ProxyRules(
      @Nullable URI httpProxy, @Nullable URI httpsProxy, boolean goRules, String noProxy) {
    this.httpProxy = httpProxy;
    this.httpsProxy = httpsProxy;
    this.goRules = goRules;
    List<String> entries = new ArrayList<>();
    for (String e : noProxy.split(",")) {
      String t = e.strip().toLowerCase(Locale.ROOT);
      if (!t.isEmpty()) {
        entries.add(t);
      }
    }
    this.noProxy = List.copyOf(entries);
  }

  /** Rules for {@code proxy_url} and {@code no_proxy}; null when no proxy is configured. */
  static @Nullable ProxyRules forUrl(String proxyUrl, String noProxy) {
    if (proxyUrl.isEmpty()) {
      return null;
    }
    URI proxy = parseProxy(proxyUrl);
    return new ProxyRules(proxy, proxy, !noProxy.isEmpty(), noProxy);
  }

  /** Rules read from the environment as Go's {@code httpproxy.FromEnvironment} does. */
  static ProxyRules fromEnvironment(UnaryOperator<@Nullable String> env) {
    String http = firstSet(env, "HTTP_PROXY", "http_proxy");
    String https = firstSet(env, "HTTPS_PROXY", "https_proxy");
    String no = firstSet(env, "NO_PROXY", "no_proxy");
    return new ProxyRules(
        http.isEmpty() ? null : parseProxy(http),
        https.isEmpty() ? null : parseProxy(https),
        true,
        no);
  }

  private static String firstSet(UnaryOperator<@Nullable String> env, String upper, String lower) {
    String v = env.apply(upper);
    if (v == null || v.isEmpty()) {
      v = env.apply(lower);
    }
    return v == null ? "" : v;
  }

  /** Parses a proxy address; a bare {@code host:port} means {@code http://host:port}. */
  private static URI parseProxy(String s) {
    URI u = URI.create(s);
    if (u.getScheme() == null || u.getHost() == null) {
      u = URI.create("http://" + s);
    }
    return u;
  }

  /** Returns the proxy for {@code target}, or null to connect directly. */
  public @Nullable URI proxyFor(URI target) {
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    URI proxy = scheme.equals("https") ? httpsProxy : httpProxy;
    if (proxy == null || !goRules) {
      return proxy;
    }
    String host = target.getHost();
    if (host == null) {
      return proxy;
    }
    int port = target.getPort() >= 0 ? target.getPort() : scheme.equals("https") ? 443 : 80;
    return useProxy(host.toLowerCase(Locale.ROOT), port) ? proxy : null;
  }

  private boolean useProxy(String host, int port) {
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.equals("localhost")) {
      return false;
    }
    InetAddress ip = ServerCertificateVerifier.ipLiteral(host);
    if (ip != null && ip.isLoopbackAddress()) {
      return false;
    }
    for (String entry : noProxy) {
      if (entry.equals("*")) {
        return false;
      }
      if (matches(entry, host, ip, port)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(String entry, String host, @Nullable InetAddress ip, int port) {
    int slash = entry.indexOf('/');
    if (slash > 0) {
      InetAddress net = ServerCertificateVerifier.ipLiteral(entry.substring(0, slash));
      if (net == null || ip == null) {
        return false;
      }
      try {
        return inCidr(ip, net, Integer.parseInt(entry.substring(slash + 1)));
      } catch (NumberFormatException e) {
        return false;
      }
    }
    String entryHost = entry;
    int entryPort = -1;
    int colon = entry.lastIndexOf(':');
    if (colon > 0 && entry.indexOf(':') == colon
        || entry.startsWith("[") && colon > 0 && entry.charAt(colon - 1) == ']') {
      try {
        entryPort = Integer.parseInt(entry.substring(colon + 1));
        entryHost = entry.substring(0, colon);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    if (entryHost.startsWith("[") && entryHost.endsWith("]")) {
      entryHost = entryHost.substring(1, entryHost.length() - 1);
    }
    if (entryPort >= 0 && entryPort != port) {
      return false;
    }
    InetAddress entryIp = ServerCertificateVerifier.ipLiteral(entryHost);
    if (entryIp != null) {
      return entryIp.equals(ip);
    }
    if (entryHost.startsWith("*.")) {
      entryHost = entryHost.substring(1);
    }
    if (entryHost.startsWith(".")) {
      return host.endsWith(entryHost);
    }
    return host.equals(entryHost) || host.endsWith("." + entryHost);
  }

  private static boolean inCidr(InetAddress ip, InetAddress net, int bits) {
    byte[] a = ip.getAddress();
    byte[] b = net.getAddress();
    if (a.length != b.length || bits < 0 || bits > a.length * 8) {
      return false;
    }
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >> (i % 8);
      if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public List<Proxy> select(URI uri) {
    URI proxy = proxyFor(uri);
    if (proxy == null) {
      return List.of(Proxy.NO_PROXY);
    }
    int port =
        proxy.getPort() >= 0 ? proxy.getPort() : "https".equals(proxy.getScheme()) ? 443 : 80;
    return List.of(
        new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port)));
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    // Nothing to remember: every request asks again.
  }
}
