package io.argus.app.demo;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One demo target: renders its series' values at a point in time as an exposition body, and keeps
 * the last body per format so that every scrape within one update interval gets the same bytes
 * without rendering again. Values are pure functions of the target's seed and the time, so two
 * renders of one instant are identical. Not thread-safe: one thread (the server's) uses it.
 */
public final class DemoTarget {
  /** Period of the slow swing in request rates. */
  private static final double RATE_PERIOD_SECONDS = 900;

  /** Period of the swing in gauges. */
  private static final double GAUGE_PERIOD_SECONDS = 600;

  private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);
  private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

  private final WorkloadLayout layout;
  private final long seed;
  private final double startSeconds;
  private final double factor;
  private final double uptimeSeconds;
  private final double phase;
  private final double[] totals;
  private final byte[][] bodies = new byte[ExpositionFormat.values().length][];
  private final long[] bodyTicks = new long[ExpositionFormat.values().length];
  private byte[] buf = new byte[4096];
  private int len;

  /**
   * @param seed makes this target's values differ from its siblings'
   * @param startMillis when the workload started, in Unix ms; time zero of its counters
   */
  public DemoTarget(WorkloadLayout layout, long seed, long startMillis) {
    this.layout = layout;
    this.seed = seed;
    this.startSeconds = startMillis / 1000.0;
    this.factor = 0.7 + 0.6 * unit(mix(seed, -1, -1));
    // As if the process had been running for one hour to three days already.
    this.uptimeSeconds = 3600 + 255_600 * unit(mix(seed, -2, -1));
    this.phase = 2 * Math.PI * unit(mix(seed, -3, -1));
    this.totals = new double[layout.driverCount()];
    Arrays.fill(bodyTicks, Long.MIN_VALUE);
  }

  /**
   * The body for update {@code tick}: the one already rendered for that tick in this format, else
   * a new one rendered at {@code secondsSinceStart}. The array holds exactly the body; callers must
   * not modify it.
   */
  public byte[] body(ExpositionFormat format, long tick, double secondsSinceStart) {
    int f = format.ordinal();
    if (bodyTicks[f] != tick || bodies[f] == null) {
      bodies[f] = render(format, tick, secondsSinceStart);
      bodyTicks[f] = tick;
    }
    return bodies[f];
  }

  /**
   * Renders every series at {@code secondsSinceStart}; gauge noise is drawn per {@code tick}.
   * Returns a new array holding exactly the body.
   */
  public byte[] render(ExpositionFormat format, long tick, double secondsSinceStart) {
    len = 0;
    double t = Math.max(0, secondsSinceStart);
    double omega = 2 * Math.PI / RATE_PERIOD_SECONDS;
    for (int d = 0; d < totals.length; d++) {
      double p = phase + 0.7 * d;
      // The integral of rate × (1 + 0.5 sin(ωt + p)): grows at 0.5× to 1.5× the rate.
      double work = uptimeSeconds + t + 0.5 / omega * (Math.cos(p) - Math.cos(omega * t + p));
      totals[d] = layout.driverRate(d) * factor * work;
    }
    boolean openMetrics = format == ExpositionFormat.OPENMETRICS;
    for (WorkloadLayout.Family family : layout.families()) {
      append(openMetrics ? family.openMetricsMetadata() : family.textMetadata());
      for (int s = family.start(); s < family.end(); s++) {
        append(layout.prefix(s));
        appendValue(s, tick, t);
        ensure(1);
        buf[len++] = '\n';
      }
    }
    if (openMetrics) {
      append(EOF);
    }
    return Arrays.copyOf(buf, len);
  }

  private void appendValue(int sample, long tick, double t) {
    double[] p = layout.parameters(sample);
    int decimals = layout.decimals(sample);
    switch (layout.kind(sample)) {
      case REQUESTS -> appendScaled((long) Math.floor(p[0] * totals[layout.driver(sample)]), 0);
      case SCALED_TOTAL ->
          appendScaled(
              (long) Math.floor(p[0] * totals[layout.driver(sample)] * POWERS_OF_TEN[decimals]),
              decimals);
      case GAUGE -> {
        double swing = Math.sin(2 * Math.PI * t / GAUGE_PERIOD_SECONDS + phase + 1.3 * sample);
        double noise = 2 * unit(mix(seed, sample, tick)) - 1;
        double value = p[0] + p[1] * swing + p[2] * noise;
        appendScaled(Math.max(0, Math.round(value / p[3])) * (long) p[3], 0);
      }
      case START_TIME ->
          appendScaled(
              (long) Math.floor((startSeconds - uptimeSeconds) * POWERS_OF_TEN[decimals]),
              decimals);
    }
  }

  /** Appends {@code scaled / 10^decimals} in fixed-point notation. */
  private void appendScaled(long scaled, int decimals) {
    ensure(24);
    if (scaled < 0) {
      buf[len++] = '-';
      scaled = -scaled;
    }
    long power = POWERS_OF_TEN[decimals];
    appendDigits(scaled / power);
    if (decimals > 0) {
      buf[len++] = '.';
      long fraction = scaled % power;
      for (long p = power / 10; p > 0; p /= 10) {
        buf[len++] = (byte) ('0' + fraction / p % 10);
      }
    }
  }

  private void appendDigits(long v) {
    if (v < 10) {
      buf[len++] = (byte) ('0' + v);
      return;
    }
    int digits = 0;
    for (long x = v; x > 0; x /= 10) {
      digits++;
    }
    for (int i = len + digits - 1; i >= len; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    len += digits;
  }

  private void append(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, len, bytes.length);
    len += bytes.length;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }

  /** SplitMix64 over the three inputs: a well-spread 64-bit hash. */
  private static long mix(long a, long b, long c) {
    long z = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL + c * 0x165667B19E3779F9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A uniform double in [0, 1) from a hash. */
  private static double unit(long hash) {
    return (hash >>> 11) * 0x1.0p-53;
  }
}
