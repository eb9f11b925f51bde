package io.argus.scrape.httpclient;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a server's certificate as Go's TLS client does: the chain must lead to a trusted CA and
 * the leaf's subject alternative names must cover {@code server_name} when set, otherwise the host
 * of the request URL (the common name is ignored). With {@code insecure_skip_verify} nothing is
 * checked. Failures carry Go's {@code x509: …} wording. Thread-safe and immutable.
 */
final class ServerCertificateVerifier extends X509ExtendedTrustManager {
  private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

  private final @Nullable X509TrustManager chains;
  private final String serverName;

  /**
   * @param chains validates chains without checking names; null to skip all verification
   * @param serverName the name to verify instead of the URL host, empty for the URL host
   */
  ServerCertificateVerifier(@Nullable X509TrustManager chains, String serverName) {
    this.chains = chains;
    this.serverName = serverName;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    verify(chain, authType, engine == null ? null : engine.getPeerHost());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    String host = null;
    if (socket instanceof SSLSocket s && s.getHandshakeSession() != null) {
      host = s.getHandshakeSession().getPeerHost();
    }
    verify(chain, authType, host);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    verify(chain, authType, null);
  }

  private void verify(X509Certificate[] chain, String authType, @Nullable String peerHost)
      throws CertificateException {
    X509TrustManager trust = chains;
    if (trust == null) {
      return;
    }
    try {
      trust.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      throw new CertificateException(chainError(e), e);
    }
    String name = serverName.isEmpty() ? peerHost : serverName;
    if (name == null || name.isEmpty()) {
      throw new CertificateException("x509: no server name to verify the certificate against");
    }
    checkName(chain[0], name);
  }

  private static String chainError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException
          || t instanceof CertificateNotYetValidException) {
        return "x509: certificate has expired or is not yet valid: " + t.getMessage();
      }
    }
    return "x509: certificate signed by unknown authority";
  }

  /** Checks that {@code leaf} is valid for {@code name}, a host name or an IP literal. */
  static void checkName(X509Certificate leaf, String name) throws CertificateException {
    String host =
        name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    List<String> dnsNames = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    Collection<List<?>> sans;
    try {
      sans = leaf.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new CertificateException("x509: cannot parse subject alternative names", e);
    }
    if (sans != null) {
      for (List<?> san : sans) {
        int type = (Integer) san.get(0);
        if (type == 2) {
          dnsNames.add((String) san.get(1));
        } else if (type == 7) {
          ips.add((String) san.get(1));
        }
      }
    }
    InetAddress ip = ipLiteral(host);
    if (ip != null) {
      for (String candidate : ips) {
        InetAddress c = ipLiteral(candidate);
        if (ip.equals(c)) {
          return;
        }
      }
      if (ips.isEmpty()) {
        throw new CertificateException(
            "x509: cannot validate certificate for "
                + host
                + " because it doesn't contain any IP"
                + " SANs");
      }
      throw new CertificateException(
          "x509: certificate is valid for " + String.join(", ", ips) + ", not " + host);
    }
    String wanted = host.toLowerCase(Locale.ROOT);
    if (wanted.endsWith(".")) {
      wanted = wanted.substring(0, wanted.length() - 1);
    }
    for (String candidate : dnsNames) {
      if (matchesDnsName(candidate.toLowerCase(Locale.ROOT), wanted)) {
        return;
      }
    }
    if (dnsNames.isEmpty()) {
      throw new CertificateException(
          "x509: certificate relies on legacy Common Name field, use SANs instead");
    }
    throw new CertificateException(
        "x509: certificate is valid for " + String.join(", ", dnsNames) + ", not " + host);
  }

  /** A SAN pattern matches exactly or, with a leading {@code *.}, one left-most label. */
  private static boolean matchesDnsName(String pattern, String host) {
    if (pattern.endsWith(".")) {
      pattern = pattern.substring(0, pattern.length() - 1);
    }
    if (pattern.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot).equals(pattern.substring(1));
    }
    return pattern.equals(host);
  }

  /** Parses an IPv4 or IPv6 literal without name resolution; null for host names. */
  static @Nullable InetAddress ipLiteral(String s) {
    boolean ipv4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean ipv6 = s.indexOf(':') >= 0 && s.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+");
    if (!ipv4 && !ipv6) {
      return null;
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("client certificates are not verified by a scrape client");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("client certificates are not verified by a scrape client");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("client certificates are not verified by a scrape client");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    X509TrustManager trust = chains;
    return trust == null ? NO_ISSUERS : trust.getAcceptedIssuers();
  }
}
