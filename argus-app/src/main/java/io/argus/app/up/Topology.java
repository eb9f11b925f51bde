package io.argus.app.up;

import io.argus.app.demo.DemoCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The components {@code argus up} runs, derived from its flags. Each component that exists joins
 * this list; ports keep upstream's defaults as offsets from {@code --port.base} (9090): servers at
 * base+0 and base+1, Alertmanagers at base+3..base+5 with their cluster transports at
 * base+6..base+8, query/store/compact at 10901/10902-style offsets, and the demo workload's
 * targets at base+20.. ({@code argus demo}'s default 9110..).
 *
 * @param dataDir the directory under which each component gets its own data directory
 * @param host the host every component listens on and the URLs name
 * @param portBase the port of {@code server-0}; other ports are offsets from it
 */
public record Topology(Path dataDir, String host, int portBase) {
  /** How many {@code argus server} replicas form the HA pair. */
  public static final int SERVER_REPLICAS = 2;

  /** How many clustered Alertmanager peers run; every server sends every alert to each. */
  public static final int ALERTMANAGER_PEERS = 3;

  /** The Alertmanagers' configuration file's name in the data directory. */
  public static final String ALERTMANAGER_CONFIG = "alertmanager.yml";

  /** Offset of the first Alertmanager's web port from the port base (9093 upstream). */
  static final int ALERTMANAGER_PORT_OFFSET = 3;

  /** Offset of the first Alertmanager's cluster port from the port base. */
  static final int ALERTMANAGER_CLUSTER_PORT_OFFSET = 6;

  /** How many targets the demo workload serves. */
  public static final int DEMO_TARGETS = 3;

  /** The self-monitoring rule file's name, as a classpath resource and in the data directory. */
  public static final String RULES_FILE = "self-monitoring.rules.yml";

  /** Offset of {@code server-0}'s StoreAPI (gRPC) port: Thanos' 10901 with the default base. */
  static final int GRPC_PORT_OFFSET = 10901 - 9090;

  /** Distance between the StoreAPI ports of consecutive server replicas. */
  static final int GRPC_PORT_STEP = 10;

  /** Offset of the querier's HTTP port: Thanos' 10902 with the default base. */
  static final int QUERY_PORT_OFFSET = 10902 - 9090;

  /** Offset of the demo workload's first port from the port base. */
  static final int DEMO_PORT_OFFSET = DemoCommand.DEFAULT_PORT - 9090;

  /** The processes to run, in start order. */
  public List<Component> components() {
    List<Component> components = new ArrayList<>();
    for (int replica = 0; replica < SERVER_REPLICAS; replica++) {
      components.add(server(replica));
    }
    for (int peer = 0; peer < ALERTMANAGER_PEERS; peer++) {
      components.add(alertmanager(peer));
    }
    components.add(query());
    components.add(demo());
    return components;
  }

  /**
   * The configuration files the components read, by path: one {@code prometheus.yml} per server
   * replica, told apart by the {@code replica} external label, each scraping every replica (job
   * {@code argus}) and every demo target (job {@code demo}), loading the self-monitoring rules
   * ({@value #RULES_FILE}, also in this map) and dropping the {@code replica} label from the
   * alerts it sends to every Alertmanager peer, and the Alertmanagers' {@value
   * #ALERTMANAGER_CONFIG}. {@code argus up} writes them before it starts the components.
   */
  public Map<Path, String> configFiles() {
    Map<Path, String> files = new LinkedHashMap<>();
    for (int replica = 0; replica < SERVER_REPLICAS; replica++) {
      files.put(serverConfigFile(replica), serverConfig(replica));
    }
    files.put(dataDir.resolve(RULES_FILE), selfMonitoringRules());
    files.put(dataDir.resolve(ALERTMANAGER_CONFIG), alertmanagerConfig());
    return files;
  }

  /** The self-monitoring rule file shipped as a resource next to this class. */
  static String selfMonitoringRules() {
    try (InputStream in = Topology.class.getResourceAsStream(RULES_FILE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RULES_FILE + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Component server(int replica) {
    String name = serverName(replica);
    int port = portBase + replica;
    return new Component(
        name,
        "argus server (replica " + replica + ")",
        List.of(
            "server",
            "--config.file=" + serverConfigFile(replica),
            "--storage.tsdb.path=" + dataDir.resolve(name),
            "--web.listen-address=" + hostPort(port),
            "--grpc-address=" + hostPort(grpcPort(replica))),
        URI.create("http://" + hostPort(port) + "/"));
  }

  private int grpcPort(int replica) {
    return portBase + GRPC_PORT_OFFSET + GRPC_PORT_STEP * replica;
  }

  /** The querier over both replicas' StoreAPI, deduplicating by the {@code replica} label. */
  private Component query() {
    int port = portBase + QUERY_PORT_OFFSET;
    List<String> args = new ArrayList<>();
    args.add("query");
    args.add("--http-address=" + hostPort(port));
    for (int replica = 0; replica < SERVER_REPLICAS; replica++) {
      args.add("--endpoint=" + hostPort(grpcPort(replica)));
    }
    args.add("--query.replica-label=replica");
    return new Component(
        "query",
        "argus query (deduplicated view of both replicas)",
        args,
        URI.create("http://" + hostPort(port) + "/"));
  }

  private Component alertmanager(int peer) {
    String name = "alertmanager-" + peer;
    int port = portBase + ALERTMANAGER_PORT_OFFSET + peer;
    List<String> args = new ArrayList<>();
    args.add("alertmanager");
    args.add("--config.file=" + dataDir.resolve(ALERTMANAGER_CONFIG));
    args.add("--storage.path=" + dataDir.resolve(name));
    args.add("--web.listen-address=" + hostPort(port));
    args.add("--cluster.listen-address=" + hostPort(clusterPort(peer)));
    for (int other = 0; other < ALERTMANAGER_PEERS; other++) {
      if (other != peer) {
        args.add("--cluster.peer=" + hostPort(clusterPort(other)));
      }
    }
    return new Component(
        name,
        "argus alertmanager (peer " + peer + ")",
        args,
        URI.create("http://" + hostPort(port) + "/"));
  }

  private int clusterPort(int peer) {
    return portBase + ALERTMANAGER_CLUSTER_PORT_OFFSET + peer;
  }

  private static String alertmanagerConfig() {
    return """
        # Written by argus up on every start. Add receivers (webhook_configs, email_configs, ...)
        # to "default" to get notified; the three peers share silences and the notification log.
        route:
          receiver: default
          group_by: [alertname]
        receivers:
          - name: default
        """;
  }

  private Component demo() {
    String first = hostPort(portBase + DEMO_PORT_OFFSET);
    return new Component(
        "demo",
        "demo workload (" + DEMO_TARGETS + " targets)",
        List.of("demo", "--targets=" + DEMO_TARGETS, "--listen-address=" + first),
        URI.create("http://" + first + "/metrics"));
  }

  private static String serverName(int replica) {
    return "server-" + replica;
  }

  private Path serverConfigFile(int replica) {
    return dataDir.resolve(serverName(replica) + ".yml");
  }

  private String serverConfig(int replica) {
    StringBuilder targets = new StringBuilder();
    for (int r = 0; r < SERVER_REPLICAS; r++) {
      targets.append(r == 0 ? "" : ", ").append('"').append(hostPort(portBase + r)).append('"');
    }
    StringBuilder alertmanagers = new StringBuilder();
    for (int p = 0; p < ALERTMANAGER_PEERS; p++) {
      alertmanagers
          .append(p == 0 ? "" : ", ")
          .append('"')
          .append(hostPort(portBase + ALERTMANAGER_PORT_OFFSET + p))
          .append('"');
    }
    StringBuilder demoTargets = new StringBuilder();
    for (int t = 0; t < DEMO_TARGETS; t++) {
      demoTargets
          .append(t == 0 ? "" : ", ")
          .append('"')
          .append(hostPort(portBase + DEMO_PORT_OFFSET + t))
          .append('"');
    }
    return """
        # Written by argus up on every start; edit the flags of argus up, not this file.
        global:
          scrape_interval: 15s
          evaluation_interval: 15s
          external_labels:
            replica: "%d"
        rule_files:
          - %s
        alerting:
          # Both replicas send the same alerts; without the replica label the Alertmanagers see
          # one alert per problem.
          alert_relabel_configs:
            - action: labeldrop
              regex: replica
          # Every alert goes to every peer; the peers' cluster sends one notification.
          alertmanagers:
            - static_configs:
                - targets: [%s]
        scrape_configs:
          - job_name: argus
            static_configs:
              - targets: [%s]
          - job_name: alertmanager
            static_configs:
              - targets: [%s]
          - job_name: demo
            static_configs:
              - targets: [%s]
        """
        .formatted(replica, RULES_FILE, alertmanagers, targets, alertmanagers, demoTargets);
  }

  private String hostPort(int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
