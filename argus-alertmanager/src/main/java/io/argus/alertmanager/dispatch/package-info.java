/**
 * The dispatcher (upstream's {@code dispatch} package): reads every alert from the alert store,
 * routes it through the route tree into aggregation groups (one per matching route and group
 * labels) and flushes each group to the notification pipeline on upstream's timers: group_wait
 * after creation, then every group_interval; repeat_interval is applied by the pipeline.
 */
@NullMarked
package io.argus.alertmanager.dispatch;

import org.jspecify.annotations.NullMarked;
