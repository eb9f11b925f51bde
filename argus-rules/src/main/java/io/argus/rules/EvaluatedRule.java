package io.argus.rules;

import org.jspecify.annotations.Nullable;

/** What both kinds of rule share: the status of their last evaluation, and printing as defined. */
abstract sealed class EvaluatedRule implements Rule permits RecordingRule, AlertingRule {
  private final RuleStatus status = new RuleStatus();

  /** The status the rule's group records each evaluation in. */
  final RuleStatus status() {
    return status;
  }

  @Override
  public final RuleHealth health() {
    return status.health();
  }

  @Override
  public final @Nullable String lastError() {
    return status.lastError();
  }

  @Override
  public final long lastEvaluation() {
    return status.lastEvaluation();
  }

  @Override
  public final long evaluationDurationNanos() {
    return status.durationNanos();
  }

  @Override
  public final String toString() {
    return definition();
  }
}
