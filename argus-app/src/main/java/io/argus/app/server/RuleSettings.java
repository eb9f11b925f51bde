package io.argus.app.server;

import io.argus.rules.RuleManagerOptions;

/**
 * The rule manager's flags, in milliseconds.
 *
 * @param outageToleranceMillis {@code --rules.alert.for-outage-tolerance}
 * @param forGracePeriodMillis {@code --rules.alert.for-grace-period}
 * @param resendDelayMillis {@code --rules.alert.resend-delay}
 */
public record RuleSettings(
    long outageToleranceMillis, long forGracePeriodMillis, long resendDelayMillis) {
  /** Prometheus' defaults: 1h, 10m, 1m. */
  public static final RuleSettings DEFAULT =
      new RuleSettings(
          RuleManagerOptions.DEFAULT_OUTAGE_TOLERANCE_MILLIS,
          RuleManagerOptions.DEFAULT_FOR_GRACE_PERIOD_MILLIS,
          RuleManagerOptions.DEFAULT_RESEND_DELAY_MILLIS);

  public RuleSettings {
    if (outageToleranceMillis < 0 || forGracePeriodMillis < 0 || resendDelayMillis < 0) {
      throw new IllegalArgumentException("rule durations must not be negative");
    }
  }
}
