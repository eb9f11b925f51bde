package io.argus.app.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.alertmanager.cluster.ClusterPeer;
import io.argus.alertmanager.cluster.ClusterSettings;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two clustered Alertmanager servers in one JVM: readiness, status, metrics, shared silences. */
@Timeout(120)
class AlertmanagerServerClusterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<AlertmanagerServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(AlertmanagerServer::close);
  }

  private AlertmanagerServer start(String name, List<String> peers, Duration gossipInterval)
      throws Exception {
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, AmtoolAcceptanceTest.CONFIG);
    ClusterSettings cluster =
        new ClusterSettings(
            "127.0.0.1:0",
            "",
            peers,
            "server-test",
            Duration.ofSeconds(1),
            gossipInterval,
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofMillis(200),
            Duration.ofMillis(300),
            Duration.ofSeconds(1));
    AlertmanagerSettings settings =
        new AlertmanagerSettings(
                config,
                dir.resolve(name),
                new ListenAddress("127.0.0.1", 0),
                URI.create("http://127.0.0.1/"),
                120 * 3_600_000L,
                15 * 60_000L,
                30 * 60_000L)
            .withCluster(cluster);
    AlertmanagerServer s =
        AlertmanagerServer.start(settings, BuildInfo.load(), Clock.SYSTEM, FileOps.defaults());
    servers.add(s);
    return s;
  }

  private HttpResponse<String> get(AlertmanagerServer s, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void await(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void cluster_notReadyUntilSettled_statusAndMetricsShowBothPeers_silencesShared()
      throws Exception {
    AlertmanagerServer a = start("a", List.of(), Duration.ofMillis(100));
    ClusterPeer peerA = a.clusterPeer();
    assertThat(peerA).isNotNull();
    assertThat(get(a, "/-/healthy").statusCode()).isEqualTo(200);
    // settling takes at least four polls of ten gossip intervals: 8 s here
    AlertmanagerServer b = start("b", List.of(peerA.listenAddress()), Duration.ofMillis(200));
    ClusterPeer peerB = b.clusterPeer();
    assertThat(peerB).isNotNull();
    int readyCode = get(b, "/-/ready").statusCode();
    String status = JSON.readTree(get(b, "/api/v2/status").body()).at("/cluster/status").asText();
    if (!peerB.ready()) {
      assertThat(readyCode).isEqualTo(503);
      assertThat(status).isEqualTo("settling");
    }
    await("both ready", () -> peerA.ready() && peerB.ready() && peerB.members() == 2);
    assertThat(get(b, "/-/ready").statusCode()).isEqualTo(200);

    JsonNode cluster = JSON.readTree(get(a, "/api/v2/status").body()).get("cluster");
    assertThat(cluster.get("name").asText()).isEqualTo(peerA.name());
    assertThat(cluster.get("status").asText()).isEqualTo("ready");
    List<String> names = new ArrayList<>();
    for (JsonNode p : cluster.get("peers")) {
      names.add(p.get("name").asText());
      assertThat(p.get("address").asText()).startsWith("127.0.0.1:");
    }
    assertThat(names).containsExactlyInAnyOrder(peerA.name(), peerB.name()).isSorted();
    String metrics = get(a, "/metrics").body();
    assertThat(metrics)
        .contains("alertmanager_cluster_members 2.0")
        .contains("alertmanager_cluster_enabled 1.0")
        .contains("alertmanager_peer_position " + peerA.position() + ".0")
        .contains("alertmanager_cluster_messages_sent_total{msg_type=\"full_state\"}")
        .contains("alertmanager_nflog_queries_total");

    HttpResponse<String> created =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + a.port() + "/api/v2/silences"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        """
                        {"matchers":[{"name":"job","value":"db","isRegex":false}],
                         "startsAt":"2020-01-01T00:00:00Z","endsAt":"2099-01-01T00:00:00Z",
                         "createdBy":"test","comment":"maintenance"}"""))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String id = JSON.readTree(created.body()).get("silenceID").asText();
    await(
        "silence at b",
        () -> b.silences().entries().stream().anyMatch(e -> e.silence().id().equals(id)));
  }

  @Test
  void disabledCluster_statusSaysDisabledAndReadyAtOnce() throws Exception {
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, AmtoolAcceptanceTest.CONFIG);
    AlertmanagerServer s = AmtoolAcceptanceTest.startArgus(config, dir.resolve("solo"));
    servers.add(s);
    assertThat(s.clusterPeer()).isNull();
    assertThat(get(s, "/-/ready").statusCode()).isEqualTo(200);
    assertThat(get(s, "/api/v2/status").body())
        .contains("\"cluster\":{\"peers\":[],\"status\":\"disabled\"}");
    assertThat(get(s, "/metrics").body()).contains("alertmanager_cluster_enabled 0.0");
  }
}
