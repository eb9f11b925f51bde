/**
 * Persistence and replication of the Alertmanager's shared state (silences and the notification
 * log): the binary entry codec, versioned snapshot files written atomically to the data directory,
 * the {@link io.argus.alertmanager.state.ReplicatedState} contract the cluster gossips through, and
 * the maintenance timer that garbage-collects and snapshots.
 */
@NullMarked
package io.argus.alertmanager.state;

import org.jspecify.annotations.NullMarked;
