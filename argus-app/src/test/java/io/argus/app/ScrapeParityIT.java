package io.argus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.app.testing.ExternalProcess;
import io.argus.app.testing.LoopbackDnsServer;
import io.argus.app.testing.LoopbackDnsServer.Srv;
import io.argus.testkit.LoopbackPorts;
import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, acceptance 1: the same prometheus.yml (static, file_sd and dns_sd jobs with relabel and
 * metric_relabel rules) runs under Debian's {@code prometheus} and under {@code argus server},
 * both scraping Debian's {@code prometheus-node-exporter} and each other on loopback; afterwards
 * both hold the same set of series, apart from series about the servers themselves.
 *
 * <p>Both resolvers must ask a DNS server the test runs: each server runs in its own mount
 * namespace ({@code unshare -m}) where {@code /etc/resolv.conf} names 127.0.0.1, served by {@link
 * LoopbackDnsServer} on port 53. The run time is {@code -Dargus.parity.seconds} (default 60).
 */
class ScrapeParityIT {
  private static final long WAIT_SECONDS = 60;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private final List<ExternalProcess> processes = new ArrayList<>();
  private LoopbackDnsServer dns;

  @AfterEach
  void stop() throws InterruptedException {
    for (ExternalProcess process : processes) {
      process.close();
    }
    if (dns != null) {
      dns.close();
    }
  }

  @Test
  void prometheusAndArgus_holdTheSameSeries() throws Exception {
    Path jar = Path.of(System.getProperty("argus.jar", "target/argus.jar"));
    assumeTrue(Files.isRegularFile(jar), "argus.jar not built at " + jar + "; run mvn verify");
    Path prometheus = Path.of("/usr/bin/prometheus");
    Path nodeExporter = Path.of("/usr/bin/prometheus-node-exporter");
    assumeTrue(Files.isExecutable(prometheus), "Debian's prometheus is not installed");
    assumeTrue(Files.isExecutable(nodeExporter), "Debian's prometheus-node-exporter is missing");
    Path resolvConf = Files.writeString(tmp.resolve("resolv.conf"), "nameserver 127.0.0.1\n");
    assumeTrue(
        canIsolateResolver(resolvConf),
        "needs root and mount namespaces (unshare -m) to point the servers' DNS resolver at the"
            + " test's DNS server on 127.0.0.1:53");

    int nodePort = LoopbackPorts.freePort();
    int promPort = LoopbackPorts.freePort();
    int argusPort = LoopbackPorts.freePort();
    try {
      dns =
          LoopbackDnsServer.start(
              53,
              Map.of("node.parity.test.", List.of(new byte[] {127, 0, 0, 1})),
              Map.of("_node._tcp.parity.test.", List.of(new Srv(10, 10, nodePort, "localhost."))));
    } catch (SocketException e) {
      abort("UDP 127.0.0.1:53 is taken by another DNS server (" + e.getMessage() + ")");
    }

    Files.writeString(
        tmp.resolve("servers.yml"),
        """
        - targets: ['127.0.0.1:%d']
          labels: {server: prometheus}
        - targets: ['127.0.0.1:%d']
          labels: {server: argus}
        """
            .formatted(promPort, argusPort));
    Path config = Files.writeString(tmp.resolve("prometheus.yml"), config(nodePort));

    start(
        List.of(nodeExporter.toString(), "--web.listen-address=127.0.0.1:" + nodePort),
        "node-exporter");
    start(
        isolated(
            resolvConf,
            List.of(
                prometheus.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + tmp.resolve("prometheus-data"),
                "--web.listen-address=127.0.0.1:" + promPort)),
        "prometheus");
    start(
        isolated(
            resolvConf,
            ExternalProcess.argusJar(
                jar,
                "server",
                "--config.file=" + config,
                "--storage.tsdb.path=" + tmp.resolve("argus-data"),
                "--web.listen-address=127.0.0.1:" + argusPort)),
        "argus");

    try (HttpClient http = HttpClient.newHttpClient()) {
      awaitReady(http, promPort);
      awaitReady(http, argusPort);
      double start = System.currentTimeMillis() / 1000.0;
      long seconds = Long.getLong("argus.parity.seconds", 60);
      TimeUnit.SECONDS.sleep(seconds);
      double end = System.currentTimeMillis() / 1000.0;

      Set<String> fromPrometheus = comparableSeries(http, promPort, start, end);
      assertThat(fromPrometheus)
          .as("series from every job")
          .hasSizeGreaterThan(200)
          .anyMatch(s -> s.matches(".*job=node[,}].*"))
          .anyMatch(s -> s.contains("job=node-dns") && s.contains("instance=localhost:"))
          .anyMatch(s -> s.contains("job=node-dns") && s.contains("instance=127.0.0.1:"))
          .anyMatch(s -> s.contains("job=servers") && s.contains("server=argus"));
      Set<String> fromArgus = comparableSeries(http, argusPort, start, end);
      Set<String> onlyPrometheus = new TreeSet<>(fromPrometheus);
      onlyPrometheus.removeAll(fromArgus);
      Set<String> onlyArgus = new TreeSet<>(fromArgus);
      onlyArgus.removeAll(fromPrometheus);
      assertThat(onlyPrometheus).as("series only Prometheus holds").isEmpty();
      assertThat(onlyArgus).as("series only Argus holds").isEmpty();
    }
  }

  private static String config(int nodePort) {
    return """
        global:
          scrape_interval: 1s
          scrape_timeout: 900ms
          external_labels:
            cluster: parity
        scrape_configs:
          - job_name: node
            static_configs:
              - targets: ['127.0.0.1:%1$d']
                labels: {env: Test}
            relabel_configs:
              - source_labels: [__address__]
                regex: '(.+):\\d+'
                target_label: host
              - target_label: instance
                replacement: node-exporter
            metric_relabel_configs:
              - source_labels: [__name__]
                regex: 'node_scrape_collector_.+|go_.+'
                action: drop
              - regex: fstype
                action: labeldrop
              - source_labels: [__name__]
                regex: 'node_(cpu|network)_.+'
                target_label: family
                replacement: hardware
              - source_labels: [__name__]
                modulus: 4
                target_label: shard
                action: hashmod
              - regex: env
                replacement: environment
                action: labelmap
              - source_labels: [environment]
                target_label: environment
                action: lowercase
          - job_name: servers
            file_sd_configs:
              - files: ['servers.yml']
                refresh_interval: 1s
            relabel_configs:
              - source_labels: [__meta_filepath]
                regex: '.*/([^/]+)\\.yml'
                target_label: sd_file
          - job_name: node-dns
            dns_sd_configs:
              - names: ['_node._tcp.parity.test']
                type: SRV
                refresh_interval: 1s
              - names: ['node.parity.test']
                type: A
                port: %1$d
                refresh_interval: 1s
            relabel_configs:
              - source_labels: [__meta_dns_name]
                target_label: dns_name
            metric_relabel_configs:
              - source_labels: [__name__]
                regex: 'node_(load1|load5|memory_MemTotal_bytes|uname_info|time_seconds)'
                action: keep
        """
        .formatted(nodePort);
  }

  /** Every series, as its sorted label set, except non-synthetic ones from the servers job. */
  private static Set<String> comparableSeries(HttpClient http, int port, double start, double end)
      throws Exception {
    String match = URLEncoder.encode("{__name__=~\".+\"}", StandardCharsets.UTF_8);
    URI uri =
        URI.create(
            "http://127.0.0.1:%d/api/v1/series?match[]=%s&start=%.3f&end=%.3f"
                .formatted(port, match, start, end));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(WAIT_SECONDS)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Set<String> series = new TreeSet<>();
    for (JsonNode labels : JSON.readTree(response.body()).path("data")) {
      Map<String, String> sorted = new TreeMap<>();
      labels.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
      String name = sorted.getOrDefault("__name__", "");
      boolean aboutServers = "servers".equals(sorted.get("job"));
      if (aboutServers && !name.equals("up") && !name.startsWith("scrape_")) {
        continue;
      }
      series.add(sorted.toString());
    }
    return series;
  }

  private void start(List<String> command, String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("run-" + name));
    processes.add(ExternalProcess.start(command, dir, WAIT_SECONDS));
  }

  /** Runs {@code command} in a new mount namespace whose resolv.conf is {@code resolvConf}. */
  private static List<String> isolated(Path resolvConf, List<String> command) {
    List<String> wrapped = new ArrayList<>();
    wrapped.addAll(
        List.of(
            "unshare",
            "-m",
            "sh",
            "-c",
            "mount --bind \"$0\" /etc/resolv.conf && exec \"$@\"",
            resolvConf.toString()));
    wrapped.addAll(command);
    return wrapped;
  }

  private boolean canIsolateResolver(Path resolvConf) throws Exception {
    try (ExternalProcess probe =
        ExternalProcess.start(
            isolated(resolvConf, List.of("cat", "/etc/resolv.conf")), tmp, WAIT_SECONDS)) {
      return probe.awaitExit() == 0 && probe.output().contains("nameserver 127.0.0.1");
    } catch (IOException e) {
      return false;
    }
  }

  private static void awaitReady(HttpClient http, int port) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + port + "/-/ready");
    for (int attempt = 0; attempt < WAIT_SECONDS * 4; attempt++) {
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new AssertionError("server on port " + port + " never became ready");
  }

}
