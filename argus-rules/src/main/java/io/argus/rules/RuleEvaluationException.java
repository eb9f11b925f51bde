package io.argus.rules;

/**
 * A rule evaluation failed for a reason of the rule itself (a duplicate label set after applying
 * the rule's labels, an exceeded limit). The message is upstream Prometheus' wording and becomes
 * the rule's last error.
 */
public final class RuleEvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RuleEvaluationException(String message) {
    super(message);
  }
}
