package io.argus.rules.config;

import io.argus.model.labels.Labels;
import org.jspecify.annotations.Nullable;

/**
 * One rule of a group: exactly one of {@code record} and {@code alert} is set.
 *
 * @param record the name of the series a recording rule writes, or null for an alerting rule
 * @param alert the alert name of an alerting rule, or null for a recording rule
 * @param expr the PromQL expression as written in the file
 * @param forMillis how long an alert stays pending before it fires, in milliseconds (0: at once)
 * @param keepFiringForMillis how long an alert keeps firing after its expression stops returning
 *     it, in milliseconds (0: not at all)
 * @param labels labels added to (or overriding those of) the results; values of alerting rules
 *     are templates
 * @param annotations annotations of an alerting rule (templates); empty for recording rules
 * @param line the 1-based line of the rule in its file, 0 when unknown
 */
public record RuleConfig(
    @Nullable String record,
    @Nullable String alert,
    String expr,
    long forMillis,
    long keepFiringForMillis,
    Labels labels,
    Labels annotations,
    int line) {

  /** Whether this is an alerting rule. */
  public boolean isAlerting() {
    return alert != null;
  }

  /** The record name of a recording rule or the alert name of an alerting rule. */
  public String name() {
    String name = alert != null ? alert : record;
    return name == null ? "" : name;
  }
}
