package io.argus.alertmanager.notify;

import io.argus.alertmanager.nflog.ReceiverKey;

/**
 * How the notification pipeline of one Alertmanager coordinates with the other peers of its
 * cluster. Alone, only {@link #peerWaitMillis} matters and it is 0; a lambda {@code () -> 0} is
 * the coordination of an Alertmanager without a cluster. Implementations must be thread-safe.
 *
 * <p>Order within one integration's flush: {@link #awaitSettled} (once per flush), sleep {@link
 * #peerWaitMillis}, query the notification log; when it says "send", {@link #awaitOtherSender}
 * and, after a wait, query the log again; then {@link #claimSend}, send, write the log entry, and
 * close the claim.
 */
@FunctionalInterface
public interface PeerCoordination {
  /** What {@link #awaitOtherSender} found. */
  enum OtherSender {
    /** No other peer is sending this notification. */
    NONE,
    /** Another peer was sending and has finished (or failed); query the notification log again. */
    FINISHED,
    /** Another peer is still sending at the deadline. */
    STILL_SENDING
  }

  /** A claim on a send; closing it releases the claim. */
  interface SendClaim extends AutoCloseable {
    @Override
    void close();
  }

  /** How long to wait before the deduplication, in ms: this peer's position × the peer timeout. */
  long peerWaitMillis();

  /** Blocks until the cluster state has settled (the pipeline's first stage); alone returns. */
  default void awaitSettled() throws InterruptedException {}

  /**
   * Blocks while another peer holds a claim on sending this group to this integration, at most
   * until {@code deadlineMillis} (epoch ms).
   */
  default OtherSender awaitOtherSender(String groupKey, ReceiverKey receiver, long deadlineMillis)
      throws InterruptedException {
    return OtherSender.NONE;
  }

  /**
   * Claims the send of this group to this integration until {@code expiresAtMillis} (epoch ms) or
   * until the returned claim is closed, whichever is first.
   */
  default SendClaim claimSend(String groupKey, ReceiverKey receiver, long expiresAtMillis) {
    return () -> {};
  }
}
