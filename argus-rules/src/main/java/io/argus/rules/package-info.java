/**
 * The rule manager: groups of recording and alerting rules evaluated on their own loops at
 * hash-derived instants shared by replicas, the {@code ALERTS} and {@code ALERTS_FOR_STATE} series,
 * staleness markers for series rules stop producing, alerts handed to the notifier, and the restore
 * of alert state after a restart.
 */
@NullMarked
package io.argus.rules;

import org.jspecify.annotations.NullMarked;
