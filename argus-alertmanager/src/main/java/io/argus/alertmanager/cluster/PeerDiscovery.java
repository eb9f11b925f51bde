package io.argus.alertmanager.cluster;

import org.jgroups.protocols.TCPPING;

/**
 * TCPPING whose host list {@link ClusterPeer} replaces whenever the DNS names of {@code
 * --cluster.peer} resolve differently. It counts as dynamic discovery: a peer bound to an ephemeral
 * port is still found, because its discovery requests carry its address and the peers it contacts
 * keep it in their dynamic host lists.
 */
final class PeerDiscovery extends TCPPING {
  @Override
  public boolean isDynamic() {
    return true;
  }
}
