package io.argus.alertmanager.cluster;

import java.util.List;

/**
 * The cluster section of {@code /api/v2/status}.
 *
 * @param name this peer's name (a ULID), empty when clustering is disabled
 * @param status {@code ready}, {@code settling} or {@code disabled}
 * @param peers every member including this peer, sorted by name (the position order)
 */
public record ClusterStatus(String name, String status, List<Peer> peers) {
  /** One member: its name and the {@code host:port} of its cluster transport. */
  public record Peer(String name, String address) {}

  public ClusterStatus {
    peers = List.copyOf(peers);
  }

  /** The status of an Alertmanager running without a cluster. */
  public static ClusterStatus disabled() {
    return new ClusterStatus("", "disabled", List.of());
  }
}
