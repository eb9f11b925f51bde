package io.argus.store.dedup;

import io.argus.model.labels.Labels;

/**
 * Calls a series a counter when its metric name ends with {@code _total}, {@code _count}, {@code
 * _sum} or {@code _bucket}: the names of counters and of the cumulative series of classic
 * histograms and summaries. Series without a metric name are not counters. Stateless and
 * thread-safe.
 */
public final class SuffixCounterClassifier implements CounterClassifier {
  @Override
  public boolean isCounter(Labels series) {
    String name = series.get("__name__");
    return name != null && hasCounterSuffix(name);
  }

  /** Returns whether {@code metricName} ends with one of the counter suffixes. */
  static boolean hasCounterSuffix(String metricName) {
    return metricName.endsWith("_total")
        || metricName.endsWith("_count")
        || metricName.endsWith("_sum")
        || metricName.endsWith("_bucket");
  }
}
