package io.argus.promql;

/**
 * Compensated (Kahan–Neumaier) summation, as PromQL uses for {@code sum}, {@code avg} and the
 * {@code *_over_time} functions. A small mutable accumulator; not thread-safe.
 */
public final class KahanSum {
  private double sum;
  private double compensation;

  /** Adds {@code v}. */
  public void add(double v) {
    double t = sum + v;
    if (Double.isInfinite(t)) {
      compensation = 0;
    } else if (Math.abs(sum) >= Math.abs(v)) {
      compensation += (sum - t) + v;
    } else {
      compensation += (v - t) + sum;
    }
    sum = t;
  }

  /** Returns the compensated sum (the raw sum when it is infinite). */
  public double value() {
    return Double.isInfinite(sum) ? sum : sum + compensation;
  }

  /** Returns the raw running sum without the compensation term. */
  public double rawSum() {
    return sum;
  }

  public double compensation() {
    return compensation;
  }

  /** Replaces the state. */
  public void set(double newSum, double newCompensation) {
    sum = newSum;
    compensation = newCompensation;
  }

  public void reset() {
    sum = 0;
    compensation = 0;
  }
}
