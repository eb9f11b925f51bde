/**
 * The notification pipeline (upstream's {@code notify} package): for each flush of an aggregation
 * group, alerts pass the inhibition, time-interval and silence stages, then each integration of the
 * receiver waits its cluster turn, deduplicates against the notification log, sends with retries
 * until the flush deadline and records the notification. Receivers live in sub-packages.
 */
@NullMarked
package io.argus.alertmanager.notify;

import org.jspecify.annotations.NullMarked;
