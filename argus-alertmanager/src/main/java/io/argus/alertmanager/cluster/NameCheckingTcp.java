package io.argus.alertmanager.cluster;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.protocols.TCP;
import org.jgroups.util.AsciiString;
import org.jgroups.util.MessageBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP transport, counting and logging (once a minute per sender) messages of another cluster
 * name before the transport drops them, so that a peer whose {@code --cluster.peer} points at a
 * stale address now used by another cluster sees why it is refused.
 */
final class NameCheckingTcp extends TCP {
  private static final Logger LOG = LoggerFactory.getLogger("io.argus.alertmanager.cluster");
  private static final long LOG_EVERY_MS = 60_000;

  private final LongSupplier millis;
  private final AtomicLong refused = new AtomicLong();
  private final Map<Address, Long> lastLogged = new ConcurrentHashMap<>();

  NameCheckingTcp(LongSupplier millis) {
    this.millis = millis;
  }

  long refused() {
    return refused.get();
  }

  @Override
  public void passMessageUp(
      Message msg, byte[] clusterName, boolean matchName, boolean multicast, boolean discardOwn) {
    if (matchName && cluster_name != null && clusterName != null
        && !Arrays.equals(cluster_name.chars(), clusterName)) {
      refuse(msg.getSrc(), new String(clusterName, java.nio.charset.StandardCharsets.UTF_8));
    }
    super.passMessageUp(msg, clusterName, matchName, multicast, discardOwn);
  }

  @Override
  public void passBatchUp(MessageBatch batch, boolean matchName, boolean discardOwn) {
    AsciiString other = batch.clusterName();
    if (matchName && cluster_name != null && other != null && !cluster_name.equals(other)) {
      refuse(batch.sender(), other.toString());
    }
    super.passBatchUp(batch, matchName, discardOwn);
  }

  private void refuse(Address sender, String otherName) {
    refused.incrementAndGet();
    long now = millis.getAsLong();
    Long last = sender == null ? null : lastLogged.get(sender);
    if (last != null && now - last < LOG_EVERY_MS) {
      return;
    }
    if (sender != null) {
      lastLogged.put(sender, now);
    }
    LOG.atWarn()
        .addKeyValue("component", "cluster")
        .addKeyValue("peer", sender == null ? "unknown" : String.valueOf(sender))
        .addKeyValue("their_cluster", otherName)
        .addKeyValue("our_cluster", String.valueOf(cluster_name))
        .log("refused message from a peer of another cluster");
  }
}
