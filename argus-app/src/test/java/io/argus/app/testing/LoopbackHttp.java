package io.argus.app.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.util.Clock;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A small HTTP client for tests that talk to servers on 127.0.0.1 (Argus, Debian's prometheus,
 * victoria-metrics): GET with a 30 s timeout, waiting for a health path, and reading raw samples
 * through the Prometheus query API. Not thread-safe; close it after the test.
 */
public final class LoopbackHttp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Returns the body of {@code GET http://127.0.0.1:port + pathAndQuery}, whatever its status. */
  public String get(int port, String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
  }

  /**
   * Polls {@code path} on {@code port} until it answers 200, for at most 60 s; fails naming {@code
   * what} otherwise.
   */
  public void awaitOk(int port, String path, String what) throws InterruptedException {
    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (Clock.SYSTEM.nanoTime() < deadline) {
      try {
        HttpRequest req =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
        if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(200); // polling interval; the loop checks the condition
    }
    throw new AssertionError(what + " on port " + port + " never answered 200 on " + path);
  }

  /**
   * Runs the instant query {@code expr} at {@code time} (Unix seconds) through {@code POST
   * /api/v1/query} of a Prometheus-compatible server on {@code port}; asserts a 200 answer and
   * returns its {@code data.result}.
   */
  public JsonNode query(int port, String expr, double time)
      throws IOException, InterruptedException {
    return queryResponse(port, expr, time).at("/data/result");
  }

  /** As {@link #query}, but returns the whole answer (status, data and any warnings). */
  public JsonNode queryResponse(int port, String expr, double time)
      throws IOException, InterruptedException {
    String form = "query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8) + "&time=" + time;
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/query"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s on port %d: %s", expr, port, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** Sends {@code POST http://127.0.0.1:port + path} with an empty body; returns the answer. */
  public HttpResponse<String> post(int port, String path)
      throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A query result (matrix or vector) keyed by its series' labels in sorted order, with the values
   * as the API printed them: comparable between servers.
   */
  public static Map<String, String> byLabels(JsonNode result) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode s : result) {
      JsonNode v = s.has("values") ? s.get("values") : s.get("value");
      String labels = new TreeMap<>(JSON.convertValue(s.get("metric"), Map.class)).toString();
      out.put(labels, v.toString());
    }
    return out;
  }

  /**
   * Every raw sample of {@code selector} in the five minutes up to {@code end} (Unix seconds), by
   * series (labels as text, with {@code replica} added when given), as {@code "t v"} strings in
   * time order, read through {@code /api/v1/query} of a Prometheus-compatible server.
   */
  public Map<String, List<String>> rawSamples(
      int port, String selector, double end, @Nullable String replica)
      throws IOException, InterruptedException {
    String q = URLEncoder.encode(selector + "[5m]", StandardCharsets.UTF_8);
    JsonNode body =
        JSON.readTree(
            get(port, "/api/v1/query?query=" + q + "&time=" + String.format("%.3f", end)));
    assertThat(body.path("status").asText()).as(body.toString()).isEqualTo("success");
    Map<String, List<String>> out = new TreeMap<>();
    for (JsonNode series : body.at("/data/result")) {
      TreeMap<String, String> labels = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = series.get("metric").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        labels.put(e.getKey(), e.getValue().asText());
      }
      if (replica != null) {
        labels.put("replica", replica);
      }
      List<String> values = new ArrayList<>();
      for (JsonNode v : series.get("values")) {
        values.add(v.get(0).asText() + " " + v.get(1).asText());
      }
      out.put(labels.toString(), values);
    }
    return out;
  }

  @Override
  public void close() {
    http.close();
  }
}
