package io.argus.alertmanager.notify;

import io.argus.alertmanager.nflog.ReceiverKey;

/**
 * One configured integration of a receiver, e.g. the second webhook of receiver "team".
 *
 * @param name the integration type as upstream names it: {@code webhook}, {@code slack}, {@code
 *     email}, {@code pagerduty}
 * @param index the position among the receiver's integrations of this type
 * @param receiver the receiver's name
 */
public record Integration(
    String name, int index, String receiver, Notifier notifier, boolean sendResolved) {

  /** The key of this integration in the notification log. */
  public ReceiverKey key() {
    return new ReceiverKey(receiver, name, index);
  }

  @Override
  public String toString() {
    return receiver + "/" + name + "[" + index + "]";
  }
}
