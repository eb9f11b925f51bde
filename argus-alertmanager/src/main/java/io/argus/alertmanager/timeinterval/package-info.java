/**
 * Time intervals of {@code time_intervals}/{@code mute_time_intervals}: times of day, weekdays,
 * days of the month (negative ones count from the month's end), months, years and a time zone,
 * parsed with Alertmanager 0.25's validation and messages, and evaluated against an instant.
 */
@NullMarked
package io.argus.alertmanager.timeinterval;

import org.jspecify.annotations.NullMarked;
