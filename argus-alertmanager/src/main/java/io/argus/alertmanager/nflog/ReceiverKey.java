package io.argus.alertmanager.nflog;

/**
 * Identifies one integration of a receiver: the receiver's name, the integration type (e.g.
 * "webhook") and its index among the receiver's integrations of that type.
 */
public record ReceiverKey(String groupName, String integration, int idx) {
  /** Upstream's textual form, {@code group/integration/idx}. */
  @Override
  public String toString() {
    return groupName + "/" + integration + "/" + idx;
  }
}
