package io.argus.rules;

import io.argus.model.labels.Labels;
import io.argus.promql.Sample;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A recording or alerting rule: a PromQL expression evaluated by its {@link RuleGroup} at every
 * evaluation instant. Thread-safe: evaluation happens on the group's thread while the HTTP API
 * reads the health, last error and timings (and an alerting rule's alerts).
 */
public sealed interface Rule permits EvaluatedRule {
  /** The record name or alert name. */
  String name();

  /** The rule's labels (the group's labels merged with its own; a rule's own labels win). */
  Labels labels();

  /** The expression as Prometheus prints it; this is the text that gets evaluated. */
  String query();

  /**
   * A canonical text of everything that defines the rule (name, expression, durations, labels,
   * annotations); two rules with equal definitions behave the same.
   */
  String definition();

  /**
   * Evaluates the rule at {@code evalMillis}: the expression runs at {@code evalMillis -
   * queryOffsetMillis}. Not thread-safe against itself; the group evaluates each rule from one
   * thread at a time.
   *
   * @param limit the most series (recording) or alerts (alerting) allowed; 0 for no limit
   * @return the samples to write: a recording rule's results, or an alerting rule's {@code ALERTS}
   *     and {@code ALERTS_FOR_STATE} samples
   * @throws RuntimeException the query's error, or a {@link RuleEvaluationException}
   */
  List<Sample> eval(
      long evalMillis,
      long queryOffsetMillis,
      RuleQueryFunction query,
      @Nullable URI externalUrl,
      int limit);

  /** Health after the last evaluation. */
  RuleHealth health();

  /** The error of the last evaluation, or null if it succeeded or none ran yet. */
  @Nullable String lastError();

  /** Wall-clock start of the last evaluation, Unix ms, or {@link RuleAlert#UNSET}. */
  long lastEvaluation();

  /** How long the last evaluation took, in nanoseconds (0 before the first). */
  long evaluationDurationNanos();
}
