package io.argus.alertmanager.notify;

import io.argus.model.labels.Labels;
import java.time.Instant;
import java.util.List;

/**
 * What a flush of an aggregation group tells the pipeline (upstream keeps these in the Go context).
 * Immutable.
 *
 * @param receiver the receiver's name
 * @param groupKey the group key, {@code <route key>:<group labels>}
 * @param groupLabels the labels the group is formed by
 * @param now the flush time; every stage judges resolution at this instant
 * @param repeatIntervalMillis the route's repeat_interval
 * @param deadlineMillis epoch ms after which retries stop (flush time + group_interval, at least
 *     10s, plus the cluster wait)
 * @param muteTimeIntervals names of intervals muting the route
 * @param activeTimeIntervals names of intervals outside which the route is muted
 */
public record NotificationContext(
    String receiver,
    String groupKey,
    Labels groupLabels,
    Instant now,
    long repeatIntervalMillis,
    long deadlineMillis,
    List<String> muteTimeIntervals,
    List<String> activeTimeIntervals) {}
