package io.argus.rules;

import io.argus.model.labels.Labels;

/**
 * A snapshot of one alert of an alerting rule, for the HTTP API and tests. Times are Unix
 * milliseconds; {@link #UNSET} marks a time that was never set.
 *
 * @param labels the alert's identity: the result's labels without {@code __name__}, the rule's
 *     expanded labels, and {@code alertname}
 * @param annotations the expanded annotations of the last evaluation that produced the alert
 * @param state pending, firing, or inactive (a resolved alert kept for 15 minutes)
 * @param value the value of the expression at the last evaluation that produced the alert
 * @param activeAt when the alert became active (possibly shifted by a restore)
 * @param firedAt when it started firing
 * @param resolvedAt when it resolved
 * @param lastSentAt when it was last handed to the alert sender
 * @param validUntil until when the last send declared it valid
 * @param keepFiringSince since when it is kept firing by {@code keep_firing_for}
 */
public record RuleAlert(
    Labels labels,
    Labels annotations,
    AlertState state,
    double value,
    long activeAt,
    long firedAt,
    long resolvedAt,
    long lastSentAt,
    long validUntil,
    long keepFiringSince) {
  /** The value of a time that was never set. */
  public static final long UNSET = Long.MIN_VALUE;
}
