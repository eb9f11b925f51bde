package io.argus.rules.notifier;

import io.argus.model.labels.Labels;

/**
 * An alert as it is sent to an Alertmanager (API v2 {@code postableAlert}).
 *
 * @param labels the alert's identity (including {@code alertname}); external labels are added by
 *     the notifier, not here
 * @param annotations the expanded annotations
 * @param startsAtMillis when the alert started firing, Unix milliseconds
 * @param endsAtMillis when the alert resolved, or until when it is valid if it still fires, Unix
 *     milliseconds; 0 leaves {@code endsAt} unset
 * @param generatorUrl a link to the expression that produced the alert, or empty
 */
public record Alert(
    Labels labels,
    Labels annotations,
    long startsAtMillis,
    long endsAtMillis,
    String generatorUrl) {}
