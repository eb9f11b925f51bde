package io.argus.remote.write;

/**
 * How many shards a queue should run, decided every {@link #UPDATE_PERIOD_MILLIS} from observed
 * throughput as Prometheus decides it: the time one sample takes to send (send time per sample over
 * the last interval, smoothed) times the samples that arrive per second, plus 5% of the backlog per
 * second. Changes within 30% of the current count are ignored, a queue more than 10 s behind never
 * scales down, and the result is clamped to {@code [min, max]}. Pure functions.
 */
final class Resharding {
  /** How often the shard count is reconsidered. */
  static final long UPDATE_PERIOD_MILLIS = 10_000;

  /** Weight of the newest interval in the moving rates. */
  static final double EWMA_WEIGHT = 0.2;

  static final double TOLERANCE = 0.3;

  private Resharding() {}

  /**
   * Throughput observed over the last update period.
   *
   * @param samplesInRate samples per second written to the WAL (all queues see the same)
   * @param samplesOutRate samples per second this queue sent (successfully or not)
   * @param samplesDroppedRate samples per second dropped before sending (relabelling, age)
   * @param sendSecondsRate seconds spent sending per second
   * @param highestReceivedSeconds newest sample timestamp written, in seconds
   * @param highestSentSeconds newest sample timestamp this queue sent, in seconds
   */
  record Observed(
      double samplesInRate,
      double samplesOutRate,
      double samplesDroppedRate,
      double sendSecondsRate,
      double highestReceivedSeconds,
      double highestSentSeconds) {}

  /** The raw shard demand before rounding and clamping; NaN when nothing was sent. */
  static double demand(Observed o) {
    if (!(o.samplesOutRate() > 0)) {
      return Double.NaN;
    }
    double keptRatio = o.samplesOutRate() / (o.samplesDroppedRate() + o.samplesOutRate());
    double delay = o.highestReceivedSeconds() - o.highestSentSeconds();
    double pending = delay * o.samplesInRate() * keptRatio;
    double catchUp = 0.05 * pending;
    double timePerSample = o.sendSecondsRate() / o.samplesOutRate();
    return timePerSample * (o.samplesInRate() * keptRatio + catchUp);
  }

  /** The number of shards to run next, given the current count and the configured bounds. */
  static int desiredShards(Observed o, int current, int min, int max) {
    double demand = demand(o);
    if (Double.isNaN(demand)) {
      return current;
    }
    double lower = current * (1 - TOLERANCE);
    double upper = current * (1 + TOLERANCE);
    double wanted = Math.ceil(demand);
    if (lower <= wanted && wanted <= upper) {
      return current;
    }
    int n = (int) Math.min(wanted, Integer.MAX_VALUE);
    double delay = o.highestReceivedSeconds() - o.highestSentSeconds();
    if (n < current && delay > 10.0) {
      return current;
    }
    return Math.max(min, Math.min(max, n));
  }

  /**
   * Whether to switch from {@code current} to {@code desired} shards now: not while nothing has
   * been sent successfully for an update period, nor while recoverable errors have paused it.
   *
   * @param lastSendSeconds when a send last finished, Unix seconds
   * @param reshardDisabledUntilSeconds Unix seconds until which retries pause resharding
   */
  static boolean shouldReshard(
      int desired,
      int current,
      long nowSeconds,
      long lastSendSeconds,
      long reshardDisabledUntilSeconds) {
    if (desired == current) {
      return false;
    }
    if (lastSendSeconds < nowSeconds - UPDATE_PERIOD_MILLIS / 1000) {
      return false;
    }
    return nowSeconds >= reshardDisabledUntilSeconds;
  }
}
