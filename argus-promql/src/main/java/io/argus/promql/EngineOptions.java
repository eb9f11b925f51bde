package io.argus.promql;

import io.argus.util.Clock;
import java.time.Duration;

/**
 * Configuration of an {@link Engine}.
 *
 * @param lookbackMillis how far back an instant selector looks for a sample, in ms (5m)
 * @param timeout the longest a query may run
 * @param maxSamples the most samples a single step of evaluation may hold in memory
 * @param defaultSubqueryStepMillis the resolution of a subquery without a step, in ms (1m)
 * @param delayedNameRemoval keep {@code __name__} until the end of evaluation, removing it only
 *     where an operation asked for it (Prometheus' {@code promql-delayed-name-removal})
 * @param experimentalFunctions allow experimental functions and syntax
 * @param clock the time source for timeouts
 */
public record EngineOptions(
    long lookbackMillis,
    Duration timeout,
    int maxSamples,
    long defaultSubqueryStepMillis,
    boolean delayedNameRemoval,
    boolean experimentalFunctions,
    Clock clock) {
  /** Prometheus' defaults: 5m lookback, 2m timeout, 50M samples, 1m subquery step. */
  public static final EngineOptions DEFAULT =
      new EngineOptions(
          300_000, Duration.ofMinutes(2), 50_000_000, 60_000, false, false, Clock.SYSTEM);

  /** The settings the upstream conformance scripts were produced with. */
  public static final EngineOptions CONFORMANCE =
      new EngineOptions(300_000, Duration.ofSeconds(100), 10_000, 60_000, true, true, Clock.SYSTEM);
}
