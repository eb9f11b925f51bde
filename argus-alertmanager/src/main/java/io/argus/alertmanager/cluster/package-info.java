/**
 * Alertmanager high availability: peers form a JGroups cluster (TCP transport, discovery from
 * {@code --cluster.peer} addresses and DNS names, failure detection, partition merging) and
 * replicate their {@link io.argus.alertmanager.state.ReplicatedState}s (silences, notification log,
 * sending claims) by delta broadcast plus periodic full-state exchange. The peer position, the
 * settle state and the cluster status that the notification pipeline and the API use live here.
 */
@NullMarked
package io.argus.alertmanager.cluster;

import org.jspecify.annotations.NullMarked;
