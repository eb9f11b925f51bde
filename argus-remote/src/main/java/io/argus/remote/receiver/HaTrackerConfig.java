package io.argus.remote.receiver;

import java.util.List;

/**
 * Settings of the HA tracker, named after Mimir's {@code -distributor.ha-tracker.*} flags.
 *
 * @param enabled whether samples are deduplicated at all
 * @param clusterLabel the label naming the HA cluster (Mimir default {@code cluster})
 * @param replicaLabel the label naming the replica within it (Mimir default {@code __replica__})
 * @param failoverTimeoutMs how long (ms) the elected replica may send nothing before another
 *     replica of its cluster is elected (Mimir default 30 s)
 * @param maxClusters the most clusters tracked at once; 0 for no limit
 */
public record HaTrackerConfig(
    boolean enabled,
    String clusterLabel,
    String replicaLabel,
    long failoverTimeoutMs,
    int maxClusters) {
  /** The Prometheus Operator's labels, detected as a second pair when the first is absent. */
  public static final String OPERATOR_CLUSTER_LABEL = "prometheus";

  public static final String OPERATOR_REPLICA_LABEL = "prometheus_replica";

  public static final HaTrackerConfig DISABLED =
      new HaTrackerConfig(false, "cluster", "__replica__", 30_000, 0);

  public HaTrackerConfig {
    if (clusterLabel.isEmpty() || replicaLabel.isEmpty()) {
      throw new IllegalArgumentException("HA tracker label names must not be empty");
    }
    if (clusterLabel.equals(replicaLabel)) {
      throw new IllegalArgumentException("HA tracker cluster and replica labels must differ");
    }
    if (failoverTimeoutMs <= 0) {
      throw new IllegalArgumentException("HA tracker failover timeout must be positive");
    }
    if (maxClusters < 0) {
      throw new IllegalArgumentException("HA tracker max clusters must not be negative");
    }
  }

  /** The label pairs looked for, in order: the configured one, then the Operator's. */
  List<String[]> labelPairs() {
    if (clusterLabel.equals(OPERATOR_CLUSTER_LABEL)
        && replicaLabel.equals(OPERATOR_REPLICA_LABEL)) {
      return List.<String[]>of(new String[] {clusterLabel, replicaLabel});
    }
    return List.of(
        new String[] {clusterLabel, replicaLabel},
        new String[] {OPERATOR_CLUSTER_LABEL, OPERATOR_REPLICA_LABEL});
  }
}
