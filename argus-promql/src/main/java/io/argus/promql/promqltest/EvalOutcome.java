package io.argus.promql.promqltest;

/**
 * The outcome of one {@code eval} command.
 *
 * @param line the 1-based line of the eval header
 * @param expr the expression
 * @param status passed, failed or skipped
 * @param message the difference found (failed) or the reason (skipped); empty when passed
 */
public record EvalOutcome(int line, String expr, Status status, String message) {
  /** What happened to an eval. */
  public enum Status {
    PASSED,
    FAILED,
    SKIPPED
  }

  @Override
  public String toString() {
    return "line " + line + " [" + status + "] " + expr + (message.isEmpty() ? "" : ": " + message);
  }
}
