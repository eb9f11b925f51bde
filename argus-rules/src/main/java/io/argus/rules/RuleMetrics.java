package io.argus.rules;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The rule manager's own metrics, with Prometheus' names; per-group series carry the label {@code
 * rule_group} = {@code <file>;<group name>}. One instance per registry, shared by all groups
 * (thread-safe).
 */
public final class RuleMetrics {
  final Summary evalDuration;
  final Histogram evalDurationHistogram;
  final Summary iterationDuration;
  final Histogram iterationDurationHistogram;
  final Counter iterationsMissed;
  final Counter iterationsScheduled;
  final Counter evalTotal;
  final Counter evalFailures;
  final Gauge groupInterval;
  final Gauge groupLastEvalTime;
  final Gauge groupLastDuration;
  final Gauge groupLastRuleDurationSum;
  final Gauge groupLastRestoreDuration;
  final Gauge groupRules;
  final Gauge groupSamples;

  /** Registers the metrics in {@code registry}. */
  public RuleMetrics(PrometheusRegistry registry) {
    evalDuration =
        Summary.builder()
            .name("prometheus_rule_evaluation_duration_seconds")
            .help("The duration for a rule to execute.")
            .quantile(0.5, 0.05)
            .quantile(0.9, 0.01)
            .quantile(0.99, 0.001)
            .register(registry);
    evalDurationHistogram =
        Histogram.builder()
            .name("prometheus_rule_evaluation_duration_histogram_seconds")
            .help("The duration for a rule to execute.")
            .classicOnly()
            .classicUpperBounds(.01, .1, 1, 10)
            .register(registry);
    iterationDuration =
        Summary.builder()
            .name("prometheus_rule_group_duration_seconds")
            .help("The duration of rule group evaluations.")
            .quantile(0.01, 0.001)
            .quantile(0.05, 0.005)
            .quantile(0.5, 0.05)
            .quantile(0.9, 0.01)
            .quantile(0.99, 0.001)
            .register(registry);
    iterationDurationHistogram =
        Histogram.builder()
            .name("prometheus_rule_group_duration_histogram_seconds")
            .help("The duration of rule group evaluations.")
            .classicOnly()
            .classicUpperBounds(.01, .1, 1, 10)
            .register(registry);
    iterationsMissed =
        counter(
            registry,
            "prometheus_rule_group_iterations_missed_total",
            "The total number of rule group evaluations missed due to slow rule group"
                + " evaluation.");
    iterationsScheduled =
        counter(
            registry,
            "prometheus_rule_group_iterations_total",
            "The total number of scheduled rule group evaluations, whether executed or missed.");
    evalTotal =
        counter(
            registry, "prometheus_rule_evaluations_total", "The total number of rule evaluations.");
    evalFailures =
        counter(
            registry,
            "prometheus_rule_evaluation_failures_total",
            "The total number of rule evaluation failures.");
    groupInterval =
        gauge(registry, "prometheus_rule_group_interval_seconds", "The interval of a rule group.");
    groupLastEvalTime =
        gauge(
            registry,
            "prometheus_rule_group_last_evaluation_timestamp_seconds",
            "The timestamp of the last rule group evaluation in seconds.");
    groupLastDuration =
        gauge(
            registry,
            "prometheus_rule_group_last_duration_seconds",
            "The duration of the last rule group evaluation.");
    groupLastRuleDurationSum =
        gauge(
            registry,
            "prometheus_rule_group_last_rule_duration_sum_seconds",
            "The sum of time in seconds it took to evaluate each rule in the group regardless of"
                + " concurrency. This should be higher than the group duration if rules are"
                + " evaluated concurrently.");
    groupLastRestoreDuration =
        gauge(
            registry,
            "prometheus_rule_group_last_restore_duration_seconds",
            "The duration of the last alert rules alerts restoration using the `ALERTS_FOR_STATE`"
                + " series.");
    groupRules = gauge(registry, "prometheus_rule_group_rules", "The number of rules.");
    groupSamples =
        gauge(
            registry,
            "prometheus_rule_group_last_evaluation_samples",
            "The number of samples returned during the last rule group evaluation.");
  }

  private static Counter counter(PrometheusRegistry registry, String name, String help) {
    return Counter.builder().name(name).help(help).labelNames("rule_group").register(registry);
  }

  private static Gauge gauge(PrometheusRegistry registry, String name, String help) {
    return Gauge.builder().name(name).help(help).labelNames("rule_group").register(registry);
  }

  /** Creates the series of a group, as Prometheus does when it builds the group. */
  void initGroup(String key, int rules, long intervalMillis) {
    iterationsMissed.labelValues(key);
    iterationsScheduled.labelValues(key);
    evalTotal.labelValues(key);
    evalFailures.labelValues(key);
    groupLastEvalTime.labelValues(key);
    groupLastDuration.labelValues(key);
    groupLastRuleDurationSum.labelValues(key);
    groupRules.labelValues(key).set(rules);
    groupSamples.labelValues(key);
    groupInterval.labelValues(key).set(intervalMillis / 1000.0);
  }

  /** Removes the series of a group that is no longer configured. */
  void removeGroup(String key) {
    iterationsMissed.remove(key);
    iterationsScheduled.remove(key);
    evalTotal.remove(key);
    evalFailures.remove(key);
    groupInterval.remove(key);
    groupLastEvalTime.remove(key);
    groupLastDuration.remove(key);
    groupRules.remove(key);
    groupSamples.remove(key);
    groupLastRuleDurationSum.remove(key);
    groupLastRestoreDuration.remove(key);
  }
}
