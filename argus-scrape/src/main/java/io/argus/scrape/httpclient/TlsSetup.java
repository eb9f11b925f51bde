package io.argus.scrape.httpclient;

import io.argus.scrape.config.HttpClientConfig.TlsConfig;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@code tls_config} and the current content of its CA, certificate and key into an {@link
 * SSLContext} and {@link SSLParameters}. Stateless.
 */
final class TlsSetup {
  private static final Map<String, String> PROTOCOLS =
      Map.of("TLS10", "TLSv1", "TLS11", "TLSv1.1", "TLS12", "TLSv1.2", "TLS13", "TLSv1.3");
  private static final List<String> ORDER = List.of("TLS10", "TLS11", "TLS12", "TLS13");

  /** The PEM texts in use; empty strings for absent parts. */
  record Material(String ca, String cert, String key) {}

  private TlsSetup() {}

  /** Reads the CA, certificate and key, inline or from their files. */
  static Material read(TlsConfig c) throws ClientSetupException {
    String ca = c.ca();
    if (!c.caFile().isEmpty()) {
      ca = Secrets.readFile(c.caFile(), "unable to read CA cert");
    }
    String cert = c.cert();
    if (!c.certFile().isEmpty()) {
      cert = Secrets.readFile(c.certFile(), "unable to read specified client cert");
    }
    String key = c.key().reveal();
    if (!c.keyFile().isEmpty()) {
      key = Secrets.readFile(c.keyFile(), "unable to read specified client key");
    }
    return new Material(ca, cert, key);
  }

  /** Returns whether any part comes from a file, so that changes must be watched. */
  static boolean usesFiles(TlsConfig c) {
    return !c.caFile().isEmpty() || !c.certFile().isEmpty() || !c.keyFile().isEmpty();
  }

  /** Builds the context for {@code c} with the PEM texts {@code m}. */
  static SSLContext context(TlsConfig c, Material m) throws ClientSetupException {
    try {
      X509TrustManager chains = null;
      if (!c.insecureSkipVerify()) {
        chains = chainValidator(c, m);
      }
      ServerCertificateVerifier verifier = new ServerCertificateVerifier(chains, c.serverName());
      ClientKeyManager keys = null;
      if (!m.cert().isEmpty() || !m.key().isEmpty()) {
        keys = clientKey(c, m);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(
          keys == null ? null : new ClientKeyManager[] {keys}, new TrustManager[] {verifier}, null);
      String name = c.serverName();
      if (!name.isEmpty() && ServerCertificateVerifier.ipLiteral(name) == null) {
        return new FixedSniContext(ctx, name);
      }
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new ClientSetupException(e.getMessage(), e);
    }
  }

  /** Returns the protocols between min and max version and the SNI name, if any. */
  static SSLParameters parameters(TlsConfig c, SSLContext ctx) {
    SSLParameters p = ctx.getDefaultSSLParameters();
    int min = c.minVersion().isEmpty() ? ORDER.indexOf("TLS12") : ORDER.indexOf(c.minVersion());
    int max = c.maxVersion().isEmpty() ? ORDER.size() - 1 : ORDER.indexOf(c.maxVersion());
    List<String> protocols = new ArrayList<>();
    for (int i = min; i <= max; i++) {
      protocols.add(PROTOCOLS.get(ORDER.get(i)));
    }
    p.setProtocols(protocols.toArray(String[]::new));
    String name = c.serverName();
    if (!name.isEmpty() && ServerCertificateVerifier.ipLiteral(name) == null) {
      p.setServerNames(List.of(new SNIHostName(name)));
    }
    return p;
  }

  private static X509TrustManager chainValidator(TlsConfig c, Material m)
      throws GeneralSecurityException, ClientSetupException {
    KeyStore roots = null;
    if (!m.ca().isEmpty()) {
      List<X509Certificate> cas;
      try {
        cas = Pem.certificates(m.ca());
      } catch (GeneralSecurityException e) {
        cas = List.of();
      }
      if (cas.isEmpty()) {
        throw new ClientSetupException(
            "unable to use specified CA cert "
                + (c.caFile().isEmpty() ? "inline" : "file " + c.caFile()),
            null);
      }
      roots = KeyStore.getInstance("PKCS12");
      try {
        roots.load(null, null);
      } catch (java.io.IOException e) {
        throw new GeneralSecurityException(e);
      }
      for (int i = 0; i < cas.size(); i++) {
        roots.setCertificateEntry("ca" + i, cas.get(i));
      }
    }
    TrustManagerFactory f =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(roots);
    for (TrustManager tm : f.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager available");
  }

  private static ClientKeyManager clientKey(TlsConfig c, Material m) throws ClientSetupException {
    String certSource = c.certFile().isEmpty() ? "inline" : "file " + c.certFile();
    String keySource = c.keyFile().isEmpty() ? "inline" : "file " + c.keyFile();
    try {
      List<X509Certificate> chain = Pem.certificateChain(m.cert());
      PrivateKey key = Pem.privateKey(m.key());
      Pem.checkPair(key, chain.getFirst().getPublicKey());
      return new ClientKeyManager(chain.toArray(X509Certificate[]::new), key);
    } catch (GeneralSecurityException e) {
      throw new ClientSetupException(
          "unable to use specified client cert ("
              + certSource
              + ") & key ("
              + keySource
              + "): "
              + e.getMessage(),
          e);
    }
  }

  /** Offers the one configured certificate whenever the server asks, whatever CAs it names. */
  private static final class ClientKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "client";
    private final X509Certificate[] chain;
    private final PrivateKey key;

    ClientKeyManager(X509Certificate[] chain, PrivateKey key) {
      this.chain = chain;
      this.key = key;
    }

    @Override
    public String chooseEngineClientAlias(
        String[] keyType, Principal @Nullable [] issuers, SSLEngine engine) {
      return ALIAS;
    }

    @Override
    public String chooseClientAlias(
        String[] keyType, Principal @Nullable [] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal @Nullable [] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
      return null;
    }

    @Override
    public @Nullable String chooseServerAlias(
        String keyType, Principal @Nullable [] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return chain.clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return key;
    }
  }
}
