package io.argus.alertmanager.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code --cluster.*} flags of {@code argus alertmanager}, with upstream's defaults.
 *
 * @param listenAddress {@code host:port} the cluster transport binds (port 0 picks a free one);
 *     empty disables clustering
 * @param advertiseAddress {@code host:port} announced to peers, empty to announce the bound address
 * @param peers initial peers: {@code host:port} (A/AAAA records, every address joined) or {@code
 *     dnssrv+_service._proto.name} (SRV records); re-resolved every {@code refreshInterval}
 * @param clusterName the name every peer of one cluster shares; peers with another name are refused
 * @param peerTimeout the per-position notification delay ({@code --cluster.peer-timeout}, 15s)
 * @param gossipInterval the gossip tick ({@code --cluster.gossip-interval}, 200ms); settle polls
 *     every ten of them
 * @param pushPullInterval how often each peer exchanges full state with a random other peer
 *     ({@code --cluster.pushpull-interval}, 1m)
 * @param settleTimeout the longest to wait for gossip to settle ({@code --cluster.settle-timeout})
 * @param probeInterval the failure detector's heartbeat period ({@code --cluster.probe-interval},
 *     1s)
 * @param probeTimeout how long a suspected peer gets to answer before it is excluded ({@code
 *     --cluster.probe-timeout}, 500ms)
 * @param refreshInterval how often DNS names of {@code peers} are re-resolved (15s as upstream)
 */
public record ClusterSettings(
    String listenAddress,
    String advertiseAddress,
    List<String> peers,
    String clusterName,
    Duration peerTimeout,
    Duration gossipInterval,
    Duration pushPullInterval,
    Duration settleTimeout,
    Duration probeInterval,
    Duration probeTimeout,
    Duration refreshInterval) {
  /** The default cluster name; peers of different Argus clusters should set their own. */
  public static final String DEFAULT_CLUSTER_NAME = "argus-alertmanager";

  public ClusterSettings {
    Objects.requireNonNull(listenAddress, "listenAddress");
    Objects.requireNonNull(advertiseAddress, "advertiseAddress");
    peers = List.copyOf(peers);
    if (clusterName.isEmpty()) {
      throw new IllegalArgumentException("cluster name must not be empty");
    }
    for (Duration d :
        List.of(gossipInterval, pushPullInterval, probeInterval, probeTimeout, refreshInterval)) {
      if (!d.isPositive()) {
        throw new IllegalArgumentException("cluster intervals must be positive, got " + d);
      }
    }
    if (peerTimeout.isNegative() || settleTimeout.isNegative()) {
      throw new IllegalArgumentException("cluster timeouts must not be negative");
    }
  }

  /** Upstream's defaults: listen on {@code 0.0.0.0:9094}, no peers. */
  public static ClusterSettings defaults() {
    return new ClusterSettings(
        "0.0.0.0:9094",
        "",
        List.of(),
        DEFAULT_CLUSTER_NAME,
        Duration.ofSeconds(15),
        Duration.ofMillis(200),
        Duration.ofMinutes(1),
        Duration.ofMinutes(1),
        Duration.ofSeconds(1),
        Duration.ofMillis(500),
        Duration.ofSeconds(15));
  }

  /** Whether clustering is on (a listen address is set). */
  public boolean enabled() {
    return !listenAddress.isEmpty();
  }

  /** A copy with another listen address. */
  public ClusterSettings withListenAddress(String address) {
    return new ClusterSettings(
        address, advertiseAddress, peers, clusterName, peerTimeout, gossipInterval,
        pushPullInterval, settleTimeout, probeInterval, probeTimeout, refreshInterval);
  }

  /** A copy with other initial peers. */
  public ClusterSettings withPeers(List<String> newPeers) {
    return new ClusterSettings(
        listenAddress, advertiseAddress, newPeers, clusterName, peerTimeout, gossipInterval,
        pushPullInterval, settleTimeout, probeInterval, probeTimeout, refreshInterval);
  }

  /** A copy with another cluster name. */
  public ClusterSettings withClusterName(String name) {
    return new ClusterSettings(
        listenAddress, advertiseAddress, peers, name, peerTimeout, gossipInterval,
        pushPullInterval, settleTimeout, probeInterval, probeTimeout, refreshInterval);
  }
}
