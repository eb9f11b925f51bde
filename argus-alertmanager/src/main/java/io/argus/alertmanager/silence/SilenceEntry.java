package io.argus.alertmanager.silence;

/**
 * A silence as stored and replicated: the silence and the time after which every peer drops it (its
 * end plus the retention). Immutable.
 */
public record SilenceEntry(Silence silence, java.time.Instant expiresAt) {}
