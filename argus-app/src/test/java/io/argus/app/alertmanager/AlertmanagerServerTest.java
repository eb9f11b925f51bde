package io.argus.app.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertmanagerServerTest {
  @TempDir Path dir;
  private final HttpClient client = HttpClient.newHttpClient();

  private HttpResponse<String> send(String method, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void reload_badConfigKeepsOldOneAndAnswersAsUpstream() throws Exception {
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, AmtoolAcceptanceTest.CONFIG);
    try (AlertmanagerServer server = AmtoolAcceptanceTest.startArgus(config, dir.resolve("data"))) {
      String base = "http://127.0.0.1:" + server.port();
      assertThat(send("GET", base + "/-/healthy").body()).isEqualTo("OK");
      assertThat(send("GET", base + "/-/ready").statusCode()).isEqualTo(200);
      assertThat(send("GET", base + "/-/reload").statusCode()).isEqualTo(405);

      Files.writeString(config, "route: {receiver: nope}\n");
      HttpResponse<String> bad = send("POST", base + "/-/reload");
      // Debian's Alertmanager 0.25 answers this file with the same status and text.
      assertThat(bad.statusCode()).isEqualTo(500);
      assertThat(bad.body())
          .isEqualTo("failed to reload config: undefined receiver \"nope\" used in route\n");
      assertThat(send("GET", base + "/api/v2/receivers").body())
          .isEqualTo("[{\"name\":\"default\"},{\"name\":\"pager\"}]\n");
      assertThat(send("GET", base + "/metrics").body())
          .contains("alertmanager_config_last_reload_successful 0");

      Files.writeString(config, "route: {receiver: other}\nreceivers: [{name: other}]\n");
      assertThat(send("POST", base + "/-/reload").statusCode()).isEqualTo(200);
      assertThat(send("GET", base + "/api/v2/receivers").body())
          .isEqualTo("[{\"name\":\"other\"}]\n");
      assertThat(send("GET", base + "/metrics").body())
          .contains("alertmanager_config_last_reload_successful 1")
          .contains("alertmanager_silences{state=\"active\"}");
    }
  }

  @Test
  void postedAlert_reachesTheWebhookOnce_andIsLoggedInTheNotificationLog() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sink.createContext(
        "/hook",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    sink.start();
    try {
      Path config = dir.resolve("alertmanager.yml");
      Files.writeString(
          config,
          """
          route:
            receiver: hook
            group_by: [alertname]
            group_wait: 1s
            group_interval: 1m
          receivers:
            - name: hook
              webhook_configs:
                - url: http://127.0.0.1:%d/hook
          """
              .formatted(sink.getAddress().getPort()));
      try (AlertmanagerServer server =
          AmtoolAcceptanceTest.startArgus(config, dir.resolve("data"))) {
        String base = "http://127.0.0.1:" + server.port();
        HttpResponse<String> posted =
            client.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v2/alerts"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "[{\"labels\":{\"alertname\":\"Disk\",\"instance\":\"a\"}}]"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (bodies.isEmpty()) {
          assertThat(System.nanoTime()).as("a notification within 30 s").isLessThan(deadline);
          Thread.sleep(100);
        }
        assertThat(bodies.getFirst())
            .contains("\"receiver\":\"hook\"", "\"status\":\"firing\"", "\"alertname\":\"Disk\"")
            .contains("\"groupKey\":\"{}:{alertname=\\\"Disk\\\"}\"");
        // the sink records the body before it answers; the log entry follows the answer
        while (server.notificationLog().entries().isEmpty()) {
          assertThat(System.nanoTime()).as("logged within 30 s").isLessThan(deadline);
          Thread.sleep(20);
        }
        assertThat(server.notificationLog().entries()).hasSize(1);
      }
    } finally {
      sink.stop(0);
    }
    assertThat(bodies).hasSize(1);
  }
}
