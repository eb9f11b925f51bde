/**
 * Alerts as the Alertmanager holds them: the alert model with upstream's fingerprint and merge
 * rules, ingestion defaults ({@code resolve_timeout}), the in-memory alert store that the API
 * writes to and the dispatcher subscribes to, and the marker recording whether an alert is active
 * or suppressed (and by which silences or inhibiting alerts).
 */
@NullMarked
package io.argus.alertmanager.alert;

import org.jspecify.annotations.NullMarked;
