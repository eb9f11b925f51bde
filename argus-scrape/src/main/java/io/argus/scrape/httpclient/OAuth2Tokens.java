package io.argus.scrape.httpclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.scrape.config.HttpClientConfig;
import io.argus.scrape.config.HttpClientConfig.OAuth2;
import io.argus.util.Clock;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth 2.0 client credentials flow of {@code oauth2}: a token is fetched from {@code
 * token_url} (with the block's own {@code tls_config} and {@code proxy_url}) and reused until ten
 * seconds before it expires. The client secret file is read on every use; a changed secret drops
 * the token. The client authenticates with HTTP basic auth first and, if the server rejects that,
 * with form parameters, remembering what worked (Go's auto-detection). Thread-safe; fetches are
 * serialised.
 */
final class OAuth2Tokens implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long EXPIRY_DELTA_MS = 10_000;
  private static final Duration TOKEN_REQUEST_TIMEOUT = Duration.ofMinutes(1);

  private final OAuth2 config;
  private final ConfiguredHttpClient http;
  private final Clock clock;

  private @Nullable String secret;
  private @Nullable String header;
  private long expiresAtMs;
  private @Nullable Boolean credentialsInHeader;

  OAuth2Tokens(
      OAuth2 config, @Nullable Executor executor, @Nullable Duration connectTimeout, Clock clock) {
    this.config = config;
    this.clock = clock;
    HttpClientConfig tokenClient =
        new HttpClientConfig(
            null,
            null,
            null,
            config.tlsConfig(),
            config.proxyUrl(),
            "",
            false,
            Map.of(),
            Map.of(),
            true,
            true);
    this.http =
        new ConfiguredHttpClient(tokenClient, executor, connectTimeout, System::getenv, clock);
  }

  /** Returns the {@code Authorization} header value, fetching a token when needed. */
  synchronized String authorization() throws ClientSetupException {
    String s =
        Secrets.value(
            config.clientSecret().reveal(),
            config.clientSecretFile(),
            "unable to read oauth2 client secret");
    if (!s.equals(secret)) {
      secret = s;
      header = null;
      credentialsInHeader = null;
    }
    String h = header;
    if (h != null && (expiresAtMs == 0 || clock.millis() < expiresAtMs - EXPIRY_DELTA_MS)) {
      return h;
    }
    return fetch(s);
  }

  private String fetch(String clientSecret) throws ClientSetupException {
    Boolean style = credentialsInHeader;
    if (style != null) {
      return request(clientSecret, style);
    }
    try {
      String h = request(clientSecret, true);
      credentialsInHeader = true;
      return h;
    } catch (ClientSetupException inHeader) {
      String h = request(clientSecret, false);
      credentialsInHeader = false;
      return h;
    }
  }

  private String request(String clientSecret, boolean inHeader) throws ClientSetupException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    if (!config.scopes().isEmpty()) {
      form.put("scope", String.join(" ", config.scopes()));
    }
    for (Map.Entry<String, String> e : config.endpointParams().entrySet()) {
      if (form.containsKey(e.getKey()) && !e.getKey().equals("grant_type")) {
        throw new ClientSetupException(
            "oauth2: cannot overwrite parameter \"" + e.getKey() + "\"", null);
      }
      form.put(e.getKey(), e.getValue());
    }
    URI uri = URI.create(config.tokenUrl());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(TOKEN_REQUEST_TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded");
    if (inHeader) {
      String pair = encode(config.clientId()) + ":" + encode(clientSecret);
      b.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    } else {
      form.put("client_id", config.clientId());
      form.put("client_secret", clientSecret);
    }
    StringJoiner body = new StringJoiner("&");
    form.forEach((k, v) -> body.add(encode(k) + "=" + encode(v)));
    b.POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    long startMs = clock.millis();
    HttpResponse<String> response;
    try {
      response = http.send(b, uri, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ClientSetupException(
          "oauth2: cannot fetch token: Post \"" + uri + "\": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientSetupException("oauth2: cannot fetch token: context canceled", e);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw new ClientSetupException(
          "oauth2: cannot fetch token: " + StatusText.of(status) + "\nResponse: " + response.body(),
          null);
    }
    String contentType =
        response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    String accessToken;
    String tokenType;
    long expiresIn;
    if (contentType.startsWith("application/x-www-form-urlencoded")
        || contentType.startsWith("text/plain")) {
      Map<String, String> values = new LinkedHashMap<>();
      for (String pair : response.body().split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          values.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      accessToken = values.getOrDefault("access_token", "");
      tokenType = values.getOrDefault("token_type", "");
      expiresIn = parseLong(values.getOrDefault("expires_in", "0"));
    } else {
      JsonNode json;
      try {
        json = JSON.readTree(response.body());
      } catch (IOException e) {
        throw new ClientSetupException("oauth2: cannot parse json: " + e.getMessage(), e);
      }
      accessToken = json.path("access_token").asText("");
      tokenType = json.path("token_type").asText("");
      expiresIn = json.path("expires_in").asLong(0);
    }
    if (accessToken.isEmpty()) {
      throw new ClientSetupException("oauth2: server response missing access_token", null);
    }
    String h = tokenType(tokenType) + " " + accessToken;
    header = h;
    expiresAtMs = expiresIn > 0 ? startMs + expiresIn * 1000 : 0;
    return h;
  }

  /** Go's canonical token type: bearer, mac and basic are capitalised, empty means Bearer. */
  private static String tokenType(String t) {
    return switch (t.toLowerCase(Locale.ROOT)) {
      case "", "bearer" -> "Bearer";
      case "mac" -> "MAC";
      case "basic" -> "Basic";
      default -> t;
    };
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    http.close();
  }
}
