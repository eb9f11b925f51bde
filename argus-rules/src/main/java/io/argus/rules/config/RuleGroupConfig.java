package io.argus.rules.config;

import io.argus.model.labels.Labels;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One group of a rule file. Its rules are evaluated in order, at one instant per interval.
 *
 * @param name the group name, unique within its file
 * @param file the path of the rule file the group was read from, as given to the loader
 * @param intervalMillis the evaluation interval in milliseconds; 0 means the global
 *     {@code evaluation_interval}
 * @param queryOffsetMillis how far back each evaluation queries, in milliseconds; null means the
 *     global {@code rule_query_offset}
 * @param limit the most series a recording rule may write or alerts an alerting rule may produce
 *     in one evaluation; 0 means no limit
 * @param labels labels added to every rule of the group (a rule's own labels win)
 * @param rules the rules, in file order
 */
public record RuleGroupConfig(
    String name,
    String file,
    long intervalMillis,
    @Nullable Long queryOffsetMillis,
    int limit,
    Labels labels,
    List<RuleConfig> rules) {

  public RuleGroupConfig {
    rules = List.copyOf(rules);
  }
}
