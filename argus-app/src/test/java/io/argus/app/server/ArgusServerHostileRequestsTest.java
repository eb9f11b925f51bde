package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance item 4 of the HTTP API: hostile and malformed requests sent to a real {@code argus
 * server} while a steady query load runs. Each gets Prometheus' error (messages as Debian's
 * prometheus 2.42 answers them) or a 4xx, and afterwards the server is healthy, every query of the
 * load succeeded and scraping goes on. Bounded: the load stops after the hostile requests or 2000
 * queries per worker, whichever comes first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArgusServerHostileRequestsTest {
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc123", "main", "20260101-00:00:00", "25", "linux/amd64");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long READ_TIMEOUT_MS = 2_000;
  private static final int MAX_CONCURRENCY = 2;

  private ArgusServer server;
  private int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 500ms
          scrape_timeout: 500ms
        scrape_configs:
          - job_name: argus
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """
            .formatted(port));
    ServerSettings settings =
        new ServerSettings(
            new StorageOptions(dir.resolve("data"), 15 * 86_400_000L, 0),
            new ListenAddress("127.0.0.1", port),
            config,
            false,
            50,
            false,
            new QuerySettings(MAX_CONCURRENCY, 60_000, 300_000, 50_000_000),
            Map.of(),
            null)
        .withNotificationQueueCapacity(100)
        .withReadTimeoutMillis(READ_TIMEOUT_MS);
    server =
        ArgusServer.start(
            settings, TsdbServerStorage.factory(FileOps.defaults()), BUILD, Clock.SYSTEM);
    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (scrapedSamples() < 3) {
      assertThat(Clock.SYSTEM.nanoTime())
          .as("the server never scraped itself")
          .isLessThan(deadline);
      Thread.sleep(100); // polling interval; the loop checks the condition
    }
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    http.close();
  }

  @Test
  void hostileRequests_answeredWithErrorsWhileLoadRuns() throws Exception {
    AtomicBoolean stopLoad = new AtomicBoolean();
    Queue<String> loadFailures = new ConcurrentLinkedQueue<>();
    AtomicInteger loadQueries = new AtomicInteger();
    long before = scrapedSamples();
    List<Future<?>> load = new ArrayList<>();
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < 3; w++) {
        int worker = w;
        load.add(workers.submit(() -> runLoad(worker, stopLoad, loadQueries, loadFailures)));
      }
      try {
        sendHostileRequests();
      } finally {
        stopLoad.set(true);
      }
      for (Future<?> f : load) {
        f.get(60, TimeUnit.SECONDS);
      }
    }
    assertThat(loadFailures).isEmpty();
    assertThat(loadQueries.get()).isPositive();
    assertThat(get("-/healthy").status).isEqualTo(200);
    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (scrapedSamples() <= before + 2) {
      assertThat(Clock.SYSTEM.nanoTime()).as("scraping stopped").isLessThan(deadline);
      Thread.sleep(100); // polling interval; the loop checks the condition
    }
  }

  private void runLoad(
      int worker, AtomicBoolean stop, AtomicInteger count, Queue<String> failures) {
    for (int i = 0; i < 2000 && !stop.get(); i++) {
      String path =
          (i + worker) % 2 == 0
              ? "api/v1/query?query=" + enc("sum by (job) (up)")
              : "api/v1/query_range?query="
                  + enc("rate(scrape_samples_scraped[1m])")
                  + "&start="
                  + (Clock.SYSTEM.millis() / 1000 - 3600)
                  + "&end="
                  + Clock.SYSTEM.millis() / 1000
                  + "&step=15";
      try {
        Answer a = get(path);
        if (a.status != 200 || !a.json().path("status").asText().equals("success")) {
          failures.add(path + " -> " + a.status + " " + a.body);
        }
        count.incrementAndGet();
      } catch (Exception e) {
        failures.add(path + " -> " + e);
      }
    }
  }

  private void sendHostileRequests() throws Exception {
    long now = Clock.SYSTEM.millis() / 1000;
    // Messages as Prometheus 3.x words them; 2.42 capitalises "Invalid time value".
    assertBadData(
        get("api/v1/query?query=" + enc("sum(")),
        "invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis");
    assertBadData(
        postForm("api/v1/query", "query=" + enc("rate(up[5m]")),
        "invalid parameter \"query\": 1:12: parse error: unclosed left parenthesis");
    assertBadData(
        get("api/v1/query?query=up&time=abc"),
        "invalid parameter \"time\": invalid time value for 'time': cannot parse \"abc\" to a valid"
            + " timestamp");
    assertBadData(
        get("api/v1/query_range?query=up&start=yesterday&end=" + now + "&step=15"),
        "invalid parameter \"start\": cannot parse \"yesterday\" to a valid timestamp");
    assertBadData(
        get("api/v1/query_range?query=up&start=" + now + "&end=1e400&step=15"),
        "invalid parameter \"end\": cannot parse \"1e400\" to a valid timestamp");
    assertBadData(
        get("api/v1/query_range?query=up&start=" + now + "&end=" + (now - 60) + "&step=15"),
        "invalid parameter \"end\": end timestamp must not be before start time");
    assertBadData(
        get("api/v1/query_range?query=up&start=0&end=" + now + "&step=15s5"),
        "invalid parameter \"step\": cannot parse \"15s5\" to a valid duration");
    for (String step : List.of("0", "-1", "-0.5")) {
      assertBadData(
          get("api/v1/query_range?query=up&start=0&end=100&step=" + enc(step)),
          "invalid parameter \"step\": zero or negative query resolution step widths are not"
              + " accepted. Try a positive integer");
    }
    assertBadData(
        get("api/v1/query_range?query=up&start=0&end=100&step=-5m"),
        "invalid parameter \"step\": cannot parse \"-5m\" to a valid duration");
    assertBadData(
        get("api/v1/query_range?query=up&start=0&end=100000&step=1"),
        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query"
            + " resolution (?step=XX)");
    assertBadData(
        postForm("api/v1/query_range", "query=up&start=0&end=" + now + "&step=0.001"),
        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query"
            + " resolution (?step=XX)");
    // Malformed escapes: Go's form parser drops the pair, so the query reads as missing (2.42 says
    // "1:1" where 3.x says "unknown position").
    assertBadData(
        postForm("api/v1/query", "query=%zz"),
        "invalid parameter \"query\": unknown position: parse error: no expression found in input");
    String badEscape =
        rawResponse(
            "GET /api/v1/query?query=%u0075p HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(badEscape).startsWith("HTTP/1.1 400 ");
    assertThat(badEscape)
        .endsWith(
            "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter"
                + " \\\"query\\\": unknown position: parse error: no expression found in input\"}");
    Answer droppedTime = postForm("api/v1/query", "query=vector(1)&time=1%");
    assertThat(droppedTime.status).isEqualTo(200);
    assertThat(droppedTime.json().at("/data/result/0/value/1").asText()).isEqualTo("1");

    Answer oversizedBody = postForm("api/v1/query", "query=up&pad=" + "a".repeat(11 << 20));
    assertThat(oversizedBody.status).isEqualTo(413);
    assertThat(oversizedBody.body).isEqualTo("http: request body too large\n");

    String longUrl = "/api/v1/query?query=up&pad=" + "a".repeat(2 << 20);
    String status = rawStatusLine("GET " + longUrl + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(status).matches("HTTP/1\\.1 (414|431) .*");

    assertThat(
            rawStatusLine("GET /api/v1/query?query=up HTTP/1.1\r\nHost: x\r\nBad header\r\n\r\n"))
        .startsWith("HTTP/1.1 400 ");

    slowlorisIsCutOff();
    overloadIsQueued();
    disconnectsMidQuery();
  }

  /** A client trickling header bytes is closed by the read timeout, well before it is done. */
  private void slowlorisIsCutOff() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(200);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(
          "GET /api/v1/query?query=up HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.UTF_8));
      boolean closed = false;
      // 100 header lines at one per 200 ms would take 20 s; the read timeout is 2 s.
      for (int i = 0; i < 100 && !closed; i++) {
        try {
          out.write(("X-Slow-" + i + ": y\r\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
          closed = in.read() < 0;
        } catch (SocketTimeoutException e) {
          // nothing from the server yet
        } catch (IOException e) {
          closed = true;
        }
        // Other clients are served meanwhile.
        if (i % 5 == 0) {
          assertThat(get("-/healthy").status).isEqualTo(200);
        }
      }
      assertThat(closed).as("the server closed the slow connection").isTrue();
    }
  }

  /** Ten times the concurrency limit of queries at once, each on its own connection: all served. */
  private void overloadIsQueued() throws Exception {
    int n = 10 * MAX_CONCURRENCY * 2;
    List<Future<Answer>> answers = new ArrayList<>();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        answers.add(
            clients.submit(
                () -> {
                  HttpClient own = HttpClient.newHttpClient();
                  try {
                    return send(
                        own,
                        HttpRequest.newBuilder(
                            server
                                .baseUri()
                                .resolve(
                                    "api/v1/query?query="
                                        + enc("count_over_time(scrape_duration_seconds[1h])"))));
                  } finally {
                    own.close();
                  }
                }));
      }
      for (Future<Answer> f : answers) {
        Answer a = f.get(60, TimeUnit.SECONDS);
        assertThat(a.status).as(a.body).isEqualTo(200);
        assertThat(a.json().path("status").asText()).isEqualTo("success");
      }
    }
  }

  /** Clients that go away mid-request: before the body is complete, and while the query runs. */
  private void disconnectsMidQuery() throws Exception {
    for (int i = 0; i < 5; i++) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.getOutputStream()
            .write(
                ("GET /api/v1/query_range?query="
                        + enc("sum_over_time(scrape_duration_seconds[1h])")
                        + "&start=0&end="
                        + Clock.SYSTEM.millis() / 1000
                        + "&step=600 HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
      }
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.getOutputStream()
            .write(
                ("POST /api/v1/query HTTP/1.1\r\nHost: x\r\nContent-Type:"
                        + " application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
                        + "query=u")
                    .getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(get("-/healthy").status).isEqualTo(200);
  }

  private String rawResponse(String request) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private String rawStatusLine(String request) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException e) {
        // The server may answer and close before reading everything; the answer is still there.
      }
      StringBuilder line = new StringBuilder();
      InputStream in = s.getInputStream();
      for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
        line.append((char) c);
      }
      return line.toString();
    }
  }

  private static void assertBadData(Answer a, String error) throws IOException {
    assertThat(a.status).as(a.body).isEqualTo(400);
    JsonNode json = a.json();
    assertThat(json.path("status").asText()).isEqualTo("error");
    assertThat(json.path("errorType").asText()).isEqualTo("bad_data");
    assertThat(json.path("error").asText()).isEqualTo(error);
  }

  private long scrapedSamples() throws Exception {
    JsonNode r = get("api/v1/query?query=" + enc("count_over_time(up[1h])")).json();
    return r.at("/data/result").size() == 0 ? 0 : r.at("/data/result/0/value/1").asLong();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private record Answer(int status, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  private static Answer send(HttpClient client, HttpRequest.Builder b) throws Exception {
    HttpResponse<String> r =
        client.send(
            b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }

  private Answer get(String path) throws Exception {
    return send(http, HttpRequest.newBuilder(server.baseUri().resolve(path)));
  }

  private Answer postForm(String path, String form) throws Exception {
    return send(
        http,
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }
}
