package io.argus.alertmanager.cluster;

import io.argus.alertmanager.nflog.ReceiverKey;
import io.argus.alertmanager.notify.PeerCoordination;
import io.argus.util.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification pipeline's view of a {@link ClusterPeer}: the position wait, waiting for gossip
 * to settle, and the {@link SendingClaims} that keep a later peer from sending while an earlier
 * one's send is still in flight. Thread-safe; lives as long as the peer.
 */
public final class ClusterCoordination implements PeerCoordination {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterCoordination.class);

  private final ClusterPeer peer;
  private final SendingClaims claims;
  private final Clock clock;
  private final Duration settleBound;

  /**
   * @param claims the claims registered with {@code peer}
   * @param settings the peer's settings; the settle wait is bounded by its settle timeout
   */
  public ClusterCoordination(
      ClusterPeer peer, SendingClaims claims, ClusterSettings settings, Clock clock) {
    this.peer = peer;
    this.claims = claims;
    this.clock = clock;
    // the settle poll forces readiness at the settle timeout; allow one poll and a second more
    this.settleBound =
        settings.settleTimeout().plus(settings.gossipInterval().multipliedBy(10)).plusSeconds(1);
  }

  @Override
  public long peerWaitMillis() {
    return peer.peerWaitMillis();
  }

  @Override
  public void awaitSettled() throws InterruptedException {
    if (!peer.ready()) {
      peer.awaitReady(settleBound);
    }
  }

  @Override
  public OtherSender awaitOtherSender(String groupKey, ReceiverKey receiver, long deadlineMillis)
      throws InterruptedException {
    Optional<SendingClaims.ClaimEntry> other = claims.otherActiveClaim(groupKey, receiver);
    if (other.isEmpty()) {
      return OtherSender.NONE;
    }
    LOG.atDebug()
        .addKeyValue("component", "cluster")
        .addKeyValue("aggrGroup", groupKey)
        .addKeyValue("receiver", receiver)
        .addKeyValue("peer", other.get().holder())
        .log("waiting for a peer's send in progress");
    long wait = Math.max(0, deadlineMillis - clock.millis());
    boolean finished = claims.awaitNoOtherClaim(groupKey, receiver, Duration.ofMillis(wait));
    return finished ? OtherSender.FINISHED : OtherSender.STILL_SENDING;
  }

  @Override
  public SendClaim claimSend(String groupKey, ReceiverKey receiver, long expiresAtMillis) {
    long ttl = Math.max(1, expiresAtMillis - clock.millis());
    SendingClaims.Claim claim = claims.claim(groupKey, receiver, Duration.ofMillis(ttl));
    return claim::release;
  }
}
