package io.argus.rules;

import org.jspecify.annotations.Nullable;

/** The health, last error and timing of a rule's last evaluation. Thread-safe. */
final class RuleStatus {
  private volatile RuleHealth health = RuleHealth.UNKNOWN;
  private volatile @Nullable String lastError;
  private volatile long lastEvaluation = RuleAlert.UNSET;
  private volatile long durationNanos;

  RuleHealth health() {
    return health;
  }

  @Nullable String lastError() {
    return lastError;
  }

  long lastEvaluation() {
    return lastEvaluation;
  }

  long durationNanos() {
    return durationNanos;
  }

  void setHealth(RuleHealth health, @Nullable String error) {
    this.health = health;
    this.lastError = error;
  }

  void setEvaluation(long startMillis, long durationNanos) {
    this.lastEvaluation = startMillis;
    this.durationNanos = durationNanos;
  }
}
