package io.argus.rules;

import io.argus.promql.parser.ParserOptions;
import io.argus.rules.notifier.AlertSender;
import io.argus.scrape.Sleeper;
import io.argus.storage.Appendable;
import io.argus.storage.Queryable;
import io.argus.util.Clock;

/**
 * What the rule manager and its groups work with.
 *
 * @param queryFunction evaluates the rules' expressions (and the {@code query} template function)
 * @param parserOptions the PromQL syntax rule expressions may use
 * @param appendable where results, {@code ALERTS} and {@code ALERTS_FOR_STATE} are written
 * @param queryable where {@code ALERTS_FOR_STATE} is read back to restore the {@code for} state
 * @param alertSender receives the alerts that need sending after each evaluation
 * @param clock wall-clock and monotonic time
 * @param sleeper paces the evaluation loops
 * @param metrics the {@code prometheus_rule_*} metrics
 * @param outageToleranceMillis {@code --rules.alert.for-outage-tolerance}: the longest outage after
 *     which the {@code for} state is still restored (1h)
 * @param forGracePeriodMillis {@code --rules.alert.for-grace-period}: the least time a restored
 *     alert waits before firing again (10m); alerts with a shorter {@code for} are not restored
 * @param resendDelayMillis {@code --rules.alert.resend-delay}: the least time between two sends of
 *     a still firing alert (1m)
 */
public record RuleManagerOptions(
    RuleQueryFunction queryFunction,
    ParserOptions parserOptions,
    Appendable appendable,
    Queryable queryable,
    AlertSender alertSender,
    Clock clock,
    Sleeper sleeper,
    RuleMetrics metrics,
    long outageToleranceMillis,
    long forGracePeriodMillis,
    long resendDelayMillis) {

  /** Prometheus' default {@code --rules.alert.for-outage-tolerance}: 1h. */
  public static final long DEFAULT_OUTAGE_TOLERANCE_MILLIS = 3_600_000L;

  /** Prometheus' default {@code --rules.alert.for-grace-period}: 10m. */
  public static final long DEFAULT_FOR_GRACE_PERIOD_MILLIS = 600_000L;

  /** Prometheus' default {@code --rules.alert.resend-delay}: 1m. */
  public static final long DEFAULT_RESEND_DELAY_MILLIS = 60_000L;

  /** Options with Prometheus' default durations and parser options. */
  public static RuleManagerOptions withDefaults(
      RuleQueryFunction queryFunction,
      Appendable appendable,
      Queryable queryable,
      AlertSender alertSender,
      Clock clock,
      Sleeper sleeper,
      RuleMetrics metrics) {
    return new RuleManagerOptions(
        queryFunction,
        ParserOptions.DEFAULT,
        appendable,
        queryable,
        alertSender,
        clock,
        sleeper,
        metrics,
        DEFAULT_OUTAGE_TOLERANCE_MILLIS,
        DEFAULT_FOR_GRACE_PERIOD_MILLIS,
        DEFAULT_RESEND_DELAY_MILLIS);
  }

  /** These options with other {@code for}-restore and resend durations (ms). */
  public RuleManagerOptions withDurations(
      long outageToleranceMillis, long forGracePeriodMillis, long resendDelayMillis) {
    return new RuleManagerOptions(
        queryFunction,
        parserOptions,
        appendable,
        queryable,
        alertSender,
        clock,
        sleeper,
        metrics,
        outageToleranceMillis,
        forGracePeriodMillis,
        resendDelayMillis);
  }
}
