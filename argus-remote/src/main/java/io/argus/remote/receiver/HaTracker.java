package io.argus.remote.receiver;

import io.argus.model.labels.Labels;
import io.argus.util.Clock;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects one replica per HA cluster, as Cortex/Mimir's HA tracker does, in memory. A write request
 * is judged by the first series that carries both the cluster and the replica label (the configured
 * pair, else the Prometheus Operator's {@code prometheus}/{@code prometheus_replica}): the first
 * replica seen for a cluster is elected; requests from the elected replica are accepted and refresh
 * its last-seen time; requests from another replica are rejected unless the elected one has sent
 * nothing for the failover timeout, in which case the sender is elected instead. Requests without
 * both labels are accepted untouched. Times come from the injected {@link Clock}. Thread-safe.
 *
 * <p>Metrics keep Mimir's names without its {@code user} label: {@code
 * cortex_ha_tracker_elected_replica_changes_total{cluster}}, {@code
 * cortex_ha_tracker_elected_replica_timestamp_seconds{cluster}} and {@code
 * cortex_distributor_deduped_samples_total{cluster}}.
 */
public final class HaTracker {
  private static final Logger logger = LoggerFactory.getLogger(HaTracker.class);

  /** The verdict on one request. */
  public sealed interface Decision {}

  /** Not an HA request (labels absent): store as is. */
  public record NotHa() implements Decision {}

  /** From the elected replica: store, after removing {@code replicaLabel} from every series. */
  public record Accept(String cluster, String replica, String replicaLabel) implements Decision {}

  /** From a replica that is not elected: drop, answer 202. */
  public record Reject(String cluster, String replica, String elected) implements Decision {}

  /** A new cluster beyond {@code maxClusters}: answer 400. */
  public record TooManyClusters(int limit) implements Decision {}

  private static final NotHa NOT_HA = new NotHa();

  private record Elected(String replica, long lastSeenMs) {}

  private final HaTrackerConfig config;
  private final List<String[]> pairs;
  private final Clock clock;
  private final Map<String, Elected> elected = new HashMap<>();
  private final Counter changes;
  private final Gauge electedTimestamp;
  private final Counter deduped;

  public HaTracker(HaTrackerConfig config, Clock clock, PrometheusRegistry registry) {
    this.config = config;
    this.pairs = config.labelPairs();
    this.clock = clock;
    changes =
        Counter.builder()
            .name("cortex_ha_tracker_elected_replica_changes_total")
            .help("The total number of times the elected replica has changed for a cluster.")
            .labelNames("cluster")
            .register(registry);
    electedTimestamp =
        Gauge.builder()
            .name("cortex_ha_tracker_elected_replica_timestamp_seconds")
            .help("The time the elected replica of a cluster was last seen.")
            .labelNames("cluster")
            .register(registry);
    deduped =
        Counter.builder()
            .name("cortex_distributor_deduped_samples_total")
            .help("The number of deduplicated samples (sent by a replica that is not elected).")
            .labelNames("cluster")
            .register(registry);
  }

  public HaTrackerConfig config() {
    return config;
  }

  /** Judges a request by the labels of its first series. */
  public Decision decide(Labels firstSeries) {
    for (String[] pair : pairs) {
      String cluster = firstSeries.get(pair[0]);
      String replica = firstSeries.get(pair[1]);
      if (cluster != null && replica != null) {
        return decide(cluster, replica, pair[1]);
      }
    }
    return NOT_HA;
  }

  private synchronized Decision decide(String cluster, String replica, String replicaLabel) {
    long now = clock.millis();
    Elected e = elected.get(cluster);
    if (e == null) {
      if (config.maxClusters() > 0 && elected.size() >= config.maxClusters()) {
        return new TooManyClusters(config.maxClusters());
      }
      elect(cluster, replica, now, null);
      return new Accept(cluster, replica, replicaLabel);
    }
    if (e.replica().equals(replica)) {
      elected.put(cluster, new Elected(replica, now));
      electedTimestamp.labelValues(cluster).set(now / 1000.0);
      return new Accept(cluster, replica, replicaLabel);
    }
    if (now - e.lastSeenMs() > config.failoverTimeoutMs()) {
      elect(cluster, replica, now, e.replica());
      return new Accept(cluster, replica, replicaLabel);
    }
    return new Reject(cluster, replica, e.replica());
  }

  private void elect(String cluster, String replica, long now, @Nullable String previous) {
    elected.put(cluster, new Elected(replica, now));
    changes.labelValues(cluster).inc();
    electedTimestamp.labelValues(cluster).set(now / 1000.0);
    logger
        .atInfo()
        .addKeyValue("cluster", cluster)
        .addKeyValue("replica", replica)
        .addKeyValue("previous", previous == null ? "" : previous)
        .log("elected ha replica");
  }

  /** Counts {@code samples} dropped from a rejected replica of {@code cluster}. */
  public void countDeduped(String cluster, long samples) {
    deduped.labelValues(cluster).inc(samples);
  }

  /** The elected replica of {@code cluster}, or null. */
  public synchronized @Nullable String electedReplica(String cluster) {
    Elected e = elected.get(cluster);
    return e == null ? null : e.replica();
  }
}
