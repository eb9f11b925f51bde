package io.argus.scrape.discovery;

import io.argus.scrape.config.HttpClientConfig;
import io.argus.scrape.config.ServiceDiscoveryConfigs.KubernetesSdConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Turns a {@code kubernetes_sd_configs} entry into a fabric8 client {@link Config} the way upstream
 * picks its API server: the kubeconfig file when set, else the in-cluster service account when no
 * {@code api_server} is given, else {@code api_server} with the entry's HTTP client options.
 * Stateless.
 */
final class KubernetesClientConfigs {
  static final Path SERVICE_ACCOUNT_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  /**
   * A client configuration and the namespace the process runs in.
   *
   * @param config the fabric8 configuration
   * @param ownNamespace the pod's own namespace; empty unless in-cluster with {@code own_namespace}
   */
  record Resolved(Config config, String ownNamespace) {}

  private KubernetesClientConfigs() {}

  /**
   * Resolves the client configuration of {@code sd}.
   *
   * @param env the process environment ({@code KUBERNETES_SERVICE_HOST}, {@code
   *     KUBERNETES_SERVICE_PORT})
   * @param serviceAccountDir where the service account token, CA and namespace files live
   * @throws IllegalArgumentException with upstream's message when no configuration applies or a
   *     file cannot be read
   */
  static Resolved resolve(
      KubernetesSdConfig sd, UnaryOperator<String> env, Path serviceAccountDir) {
    Config config;
    String ownNamespace = "";
    if (!sd.kubeconfigFile().isEmpty()) {
      String text = read(Path.of(sd.kubeconfigFile()));
      try {
        config = Config.fromKubeconfig(null, text, sd.kubeconfigFile());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "invalid kubeconfig file " + sd.kubeconfigFile() + ": " + e.getMessage(), e);
      }
    } else if (sd.apiServer().isEmpty()) {
      String host = Objects.requireNonNullElse(env.apply("KUBERNETES_SERVICE_HOST"), "");
      String port = Objects.requireNonNullElse(env.apply("KUBERNETES_SERVICE_PORT"), "");
      if (host.isEmpty() || port.isEmpty()) {
        throw new IllegalArgumentException(
            "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and"
                + " KUBERNETES_SERVICE_PORT must be defined");
      }
      Path tokenFile = serviceAccountDir.resolve("token");
      read(tokenFile);
      String hostPort = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
      ConfigBuilder b =
          new ConfigBuilder(Config.empty())
              .withMasterUrl("https://" + hostPort)
              .withOauthTokenProvider(() -> read(tokenFile).strip());
      Path ca = serviceAccountDir.resolve("ca.crt");
      if (Files.exists(ca)) {
        b.withCaCertFile(ca.toString());
      }
      config = b.build();
      if (sd.ownNamespace()) {
        Path nsFile = serviceAccountDir.resolve("namespace");
        String ns;
        try {
          ns = Files.readString(nsFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "could not determine the pod's namespace: " + ioMessage(nsFile, e), e);
        }
        if (ns.isEmpty()) {
          throw new IllegalArgumentException("could not read own namespace name (empty file)");
        }
        ownNamespace = ns;
      }
    } else {
      config = fromHttpConfig(sd.apiServer(), sd.http());
    }
    config.setUserAgent("Argus");
    // Go's client never speaks HTTP/2 over cleartext; nor does Argus, which also saves the JDK
    // client's h2c upgrade round trip.
    if (config.getMasterUrl().startsWith("http://") || !sd.http().enableHttp2()) {
      config.setHttp2Disable(true);
    }
    return new Resolved(config, ownNamespace);
  }

  private static Config fromHttpConfig(String apiServer, HttpClientConfig http) {
    ConfigBuilder b = new ConfigBuilder(Config.empty()).withMasterUrl(apiServer);
    HttpClientConfig.BasicAuth basic = http.basicAuth();
    if (basic != null) {
      b.withUsername(basic.username());
      b.withPassword(
          basic.passwordFile().isEmpty()
              ? basic.password().reveal()
              : read(Path.of(basic.passwordFile())).strip());
    }
    HttpClientConfig.Authorization authz = http.authorization();
    if (authz != null) {
      String fixed = authz.credentials().reveal();
      String file = authz.credentialsFile();
      if (authz.type().equalsIgnoreCase("Bearer")) {
        b.withOauthTokenProvider(() -> file.isEmpty() ? fixed : read(Path.of(file)).strip());
      } else {
        String creds = file.isEmpty() ? fixed : read(Path.of(file)).strip();
        b.withCustomHeaders(Map.of("Authorization", authz.type() + " " + creds));
      }
    }
    if (http.oauth2() != null) {
      throw new IllegalArgumentException(
          "oauth2 is not supported by Argus for kubernetes_sd_configs yet");
    }
    HttpClientConfig.TlsConfig tls = http.tlsConfig();
    if (!tls.caFile().isEmpty()) {
      b.withCaCertFile(tls.caFile());
    } else if (!tls.ca().isEmpty()) {
      b.withCaCertData(base64(tls.ca()));
    }
    if (!tls.certFile().isEmpty()) {
      b.withClientCertFile(tls.certFile());
    } else if (!tls.cert().isEmpty()) {
      b.withClientCertData(base64(tls.cert()));
    }
    if (!tls.keyFile().isEmpty()) {
      b.withClientKeyFile(tls.keyFile());
    } else if (!tls.key().isEmpty()) {
      b.withClientKeyData(base64(tls.key().reveal()));
    }
    if (!tls.serverName().isEmpty()) {
      b.withTlsServerName(tls.serverName());
    }
    b.withTrustCerts(tls.insecureSkipVerify());
    b.withDisableHostnameVerification(tls.insecureSkipVerify());
    if (!http.proxyUrl().isEmpty()) {
      b.withHttpProxy(http.proxyUrl()).withHttpsProxy(http.proxyUrl());
    }
    return b.build();
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(ioMessage(file, e), e);
    }
  }

  /** Returns Go's wording for a failed open, like {@code open /x: no such file or directory}. */
  private static String ioMessage(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return "open " + file + ": no such file or directory";
    }
    return "open " + file + ": " + Objects.requireNonNullElse(e.getMessage(), e.toString());
  }
}
